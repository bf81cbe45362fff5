/** HaloApp: the root of the construct tree (HaloApp > Environment > objects), like cdk8s's App. */
import { RootConstruct } from 'constructs';

/** The root construct; holds one Environment per Halo tenant. */
export class HaloApp extends RootConstruct {
  constructor(id = 'halo') {
    super(id);
  }
}
