import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';

const DEFAULT_BUS_NAME = 'default';

export interface ParcoursEventBusProps {
  /**
   * The bus apps publish to: "default" (the account's default bus) or the name of another bus.
   * @default 'default'
   */
  readonly eventBusName?: string;
  /**
   * Whether a named bus already exists; if not, Parcours creates it.
   * @default false
   */
  readonly exists?: boolean;
}

/**
 * The buses Parcours listens on. Apps publish to `eventBus` (configurable); SES and End User
 * Messaging SMS only ever publish to the account's default bus, so `defaultBus` is always there
 * for the delivery-events rule and the SES event destination.
 */
export class ParcoursEventBus extends Construct {
  readonly eventBus: events.IEventBus;
  readonly defaultBus: events.IEventBus;

  constructor(scope: Construct, id: string, props: ParcoursEventBusProps = {}) {
    super(scope, id);
    const name = props.eventBusName ?? DEFAULT_BUS_NAME;
    this.defaultBus = events.EventBus.fromEventBusName(this, 'Default', DEFAULT_BUS_NAME);
    if (name === DEFAULT_BUS_NAME) this.eventBus = this.defaultBus;
    else if (props.exists === true) this.eventBus = events.EventBus.fromEventBusName(this, 'Bus', name);
    else this.eventBus = new events.EventBus(this, 'Bus', { eventBusName: name });
  }
}
