import type { bundleCalls } from '../../shared/calls/bundles';
import { AppError } from '../../shared/errors';
import type { App } from '../../services/app';
import { approveBundle, importBundle, listPending, previewBundle, rejectBundle } from '../../services/bundles/bundleImport';
import { bundleFile, exportResultBundle } from '../../services/bundles/resultBundle';
import { exportSessionPackage, importSessionPackage, previewSessionPackage } from '../../services/bundles/sessionPackage';
import { decodeBase64File } from '../../services/bundles/signedZip';
import { appendUpload, discardUpload, uploadedBytes } from '../../services/bundles/uploads';
import { exportIdentityFile, listTrusted, trustInstallation, untrustInstallation } from '../../services/bundles/trust';
import { verifyIntegrity } from '../../services/bundles/verifyAll';
import { installationIdentity, setInstallationLabel } from '../../services/records/installationKey';
import { scopeOf } from '../../services/records/recordQuery';
import type { CallContext, HandlersFor } from './types';

/**
 * Who the change is recorded against. A signed-in staff member is themselves; the CLI (admin with file
 * access to the data folder, no account) acts as the first administrator account, since a received
 * bundle and an imported session must name a person (result_bundles.received_by, exam_sessions.created_by).
 */
function actorOf(ctx: CallContext): number {
  if (ctx.caller.personId !== null) return ctx.caller.personId;
  if (ctx.caller.role !== 'admin') throw new AppError('unauthenticated');
  return firstAdmin(ctx.app);
}

function firstAdmin(app: App): number {
  const id = app.user.prepare("SELECT id FROM people WHERE role = 'admin' ORDER BY id LIMIT 1").pluck().get() as number | undefined;
  if (id === undefined) throw new AppError('forbidden', { 'zh-CN': '请先创建人事管理员账户。', en: 'Create the HR administrator account first.' });
  return id;
}

const via = (ctx: CallContext) => (ctx.caller.personId === null ? 'cli' : 'app');

/** A bundle given inline, or uploaded before by the same person. */
const bundleBytes = (source: { fileBase64: string } | { uploadId: string }, { app, caller }: CallContext) =>
  'uploadId' in source ? uploadedBytes(app, caller.personId, source.uploadId) : decodeBase64File(source.fileBase64);

export const bundleHandlers: HandlersFor<typeof bundleCalls> = {
  'bundles.identity': (_i, { app }) => installationIdentity(app),
  'bundles.identityFile': (_i, { app }) => exportIdentityFile(app),
  'bundles.setLabel': ({ label }, ctx) => setInstallationLabel(ctx.app, actorOf(ctx), label),
  'bundles.trusted': (_i, { app }) => listTrusted(app),
  'bundles.trust': ({ fileBase64, reason }, ctx) => trustInstallation(ctx.app, actorOf(ctx), fileBase64, reason),
  'bundles.untrust': ({ fingerprint, reason }, ctx) => untrustInstallation(ctx.app, actorOf(ctx), fingerprint, reason),
  'bundles.export': ({ filter }, { app, caller }) => bundleFile(exportResultBundle(app, filter, scopeOf(caller))),
  'bundles.upload': ({ uploadId, offset, base64 }, { app, caller }) => appendUpload(app, caller.personId, uploadId, offset, decodeBase64File(base64)),
  'bundles.preview': (source, ctx) => previewBundle(ctx.app, bundleBytes(source, ctx)),
  'bundles.import': (source, ctx) => {
    const bytes = bundleBytes(source, ctx);
    try {
      return importBundle(ctx.app, actorOf(ctx), bytes, via(ctx));
    } finally {
      if ('uploadId' in source) discardUpload(ctx.app, source.uploadId);
    }
  },
  'bundles.pending': (_i, { app }) => listPending(app),
  'bundles.approve': ({ id, reason, trustSigner }, ctx) => approveBundle(ctx.app, actorOf(ctx), id, reason, trustSigner),
  'bundles.reject': ({ id, reason }, ctx) => rejectBundle(ctx.app, actorOf(ctx), id, reason),
  'bundles.exportSession': ({ sessionId }, { app }) => exportSessionPackage(app, sessionId),
  'bundles.previewSession': ({ fileBase64 }, { app }) => previewSessionPackage(app, decodeBase64File(fileBase64)),
  'bundles.importSession': ({ fileBase64 }, ctx) => importSessionPackage(ctx.app, actorOf(ctx), decodeBase64File(fileBase64)),
  'bundles.verify': (_i, { app }) => verifyIntegrity(app),
};
