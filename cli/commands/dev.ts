import type { Command } from 'commander';

export function registerDev(program: Command): void {
  program
    .command('dev')
    .description('run the local platform (what `npm start` runs)')
    .action(() => {
      process.stdout.write(
        'Parcours: local platform coming. Meanwhile, try:\n' +
          '  npx parcours validate          check the example scenarios in scenarios/\n' +
          '  npx parcours compile --stats   see what each journey costs on AWS\n' +
          '  npx parcours graph abandoned-cart\n',
      );
    });
}
