import { allNodes } from '../../model/step-tree.ts';
import { hasDefaultVersion } from '../../project/template-files.ts';
import type { Finding, ScenarioCheck } from '../check-context.ts';
import { unknownName } from '../suggest.ts';

export const checkProgram: ScenarioCheck = ({ scenario, programs }) =>
  scenario.program in programs.programs
    ? []
    : [
        {
          path: ['program'],
          message: unknownName('program', scenario.program, Object.keys(programs.programs)),
        },
      ];

/** Each send names a template folder that must hold a file for the step's channel. */
export const checkSendTemplates: ScenarioCheck = ({ tree, templates }) =>
  allNodes(tree).flatMap((node): Finding[] => {
    if (node.kind !== 'send') return [];
    const { template: name, send: channel } = node.step;
    const template = templates.get(name);
    if (template === undefined) {
      return [{ path: [...node.path, 'template'], message: unknownName('template', name, templates.keys()) }];
    }
    if (hasDefaultVersion(template, channel)) return [];
    const expected = channel === 'email' ? 'email.mjml or email.html' : `${channel}.txt`;
    return [
      {
        path: [...node.path, 'template'],
        message: `template "${name}" has no ${channel} version (add ${expected} to ${template.folder})`,
      },
    ];
  });

/** A step may name a sender identity; when senders are configured for its channel it must exist. */
export const checkSenders: ScenarioCheck = ({ tree, config }) =>
  allNodes(tree).flatMap((node): Finding[] => {
    if (node.kind !== 'send' || node.step.from === undefined) return [];
    const senders = config.senders[node.step.send] ?? {};
    if (node.step.from in senders) return [];
    return [
      {
        path: [...node.path, 'from'],
        message: unknownName(`${node.step.send} sender`, node.step.from, Object.keys(senders)),
      },
    ];
  });
