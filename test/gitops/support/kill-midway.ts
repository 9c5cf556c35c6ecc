// Run by atomic.test.ts in a child process: start an onboarding commit and die (SIGKILL)
// after `steps` files are in place, as a crash or kill -9 would.
import { decodeRequestInput, parseYamlInput } from '../../../src/core/index.ts';
import { commitPlan, openRepository, planOnboarding } from '../../../src/gitops/index.ts';

const [dir = '', requestText = '', steps = '2'] = process.argv.slice(2);
const request = decodeRequestInput(parseYamlInput(requestText, 'request'), 'request', {
  version: 'offline',
  accepted: [],
});
const plan = planOnboarding(openRepository(dir), request);
await commitPlan(dir, plan, {
  kustomize: false,
  onStep: (index) => {
    if (index === Number(steps)) process.kill(process.pid, 'SIGKILL');
  },
});
