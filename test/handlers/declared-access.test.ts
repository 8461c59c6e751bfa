import { ROUTES, WORKFLOW_TASKS } from '../../functions/routes';
import { withinAccess } from '#shared/dependencies';
import { harness } from '../support/builders';

describe('ports by declared access (what each function is bundled and permitted with)', () => {
  it('leaves a function only the ports of its access; any other refuses use and names where to declare it', async () => {
    const h = await harness();
    const getMe = ROUTES.find((route) => route.name === 'GetMe')!;
    const ports = withinAccess(h.deps, getMe.access);
    expect(ports.accounts).toBe(h.deps.accounts);
    for (const use of [
      () => ports.sms.send,
      () => ports.mailer.send,
      () => ports.workflows.startAccountActivation,
      () => ports.callbacks.succeed,
      () => ports.letterRenderer.render,
    ]) {
      expect(use).toThrow(/not available in this function: declare it in functions\/routes.ts/);
    }
  });

  it('gives each port to the functions that declare it', async () => {
    const h = await harness();
    const addPhone = withinAccess(h.deps, ROUTES.find((route) => route.name === 'AddPhone')!.access);
    expect(addPhone.sms).toBe(h.deps.sms);
    const decide = withinAccess(h.deps, ROUTES.find((route) => route.name === 'PmoDecide')!.access);
    expect(decide.callbacks).toBe(h.deps.callbacks);
    const letters = withinAccess(h.deps, WORKFLOW_TASKS.prepareLetter.access);
    expect(letters.letterRenderer).toBe(h.deps.letterRenderer);
    const steps = withinAccess(h.deps, WORKFLOW_TASKS.rcamStep.access);
    expect(steps.mailer).toBe(h.deps.mailer);
    expect(() => steps.letterRenderer.render).toThrow(/not available in this function/);
  });
});
