import type { authCalls } from '../../shared/calls/auth';
import { AppError } from '../../shared/errors';
import type { PersonView, Role, SignedIn } from '../../shared/types';
import {
  createPerson,
  getPerson,
  hasAdmin,
  learnerSignIn,
  listPeople,
  staffSignIn,
} from '../../services/accounts.service';
import type { CallContext, HandlersFor } from './types';

/** Replaces the caller's session (if any) with a new one for `person`. */
function signIn(ctx: CallContext, person: PersonView): SignedIn {
  ctx.sessions.close(ctx.sessionToken);
  return { session: ctx.sessions.open({ role: person.role as Role, personId: person.id }), person };
}

export const authHandlers: HandlersFor<typeof authCalls> = {
  'auth.status': (_input, { app, caller }) => ({
    needsSetup: !hasAdmin(app.user),
    role: caller.role,
    person: caller.personId === null ? null : getPerson(app.user, caller.personId),
  }),
  'auth.setupAdmin': (input, ctx) => {
    const { app } = ctx;
    const person = app.user.transaction(() => {
      if (hasAdmin(app.user)) throw new AppError('already_set_up');
      return createPerson(app.user, app.now(), null, { ...input, branch: '', role: 'admin', secret: input.password });
    })();
    return signIn(ctx, person);
  },
  'auth.staffSignIn': ({ employeeId, password }, ctx) => signIn(ctx, staffSignIn(ctx.app.user, ctx.app.now(), employeeId, password)),
  'auth.signOut': (_input, { sessions, sessionToken }) => {
    sessions.close(sessionToken);
    return null;
  },
  'profiles.list': (_input, { app }) => listPeople(app.user, 'learner'),
  'profiles.create': ({ pin, ...p }, ctx) =>
    signIn(ctx, createPerson(ctx.app.user, ctx.app.now(), ctx.caller.personId, { ...p, role: 'learner', secret: pin })),
  'profiles.signIn': ({ personId, pin }, ctx) => signIn(ctx, learnerSignIn(ctx.app.user, ctx.app.now(), personId, pin)),
  'accounts.list': (_input, { app }) => listPeople(app.user),
  'accounts.create': ({ password, ...p }, { app, caller }) => createPerson(app.user, app.now(), caller.personId, { ...p, secret: password }),
};
