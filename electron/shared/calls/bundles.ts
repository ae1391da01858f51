import { z } from 'zod';
import { UPLOAD_PART_BYTES, type BundleFile, type BundleImportReport, type BundlePreview, type InstallationIdentity, type IntegrityReport, type PendingBundle, type SessionPackagePreview, type TrustedInstallation } from '../bundleTypes';
import { ADMIN, STAFF, noInput, returns, text, type CallSpec } from './define';
import { recordFilter } from './records';

const fingerprint = z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex characters');
const reason = text(200).trim().min(2, 'a reason is required');
/** A small file (identity file, session package) as base64: the bridge accepts 8 MiB bodies. */
const fileBase64 = z.string().min(1).max(7_800_000);
const uploadId = z.string().regex(/^[0-9a-f]{32}$/, '32 lowercase hex characters');
/** A result bundle: inline as base64, or sent before in parts (bundles.upload), which any size needs. */
const bundleSource = z.union([z.strictObject({ fileBase64 }), z.strictObject({ uploadId })]);
const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const bundleCalls = {
  /** This PC's signing identity: Ed25519 key created on first run; its fingerprint is shown in admin. */
  'bundles.identity': { input: noInput, output: returns<InstallationIdentity>(), roles: STAFF },
  /** A file holding this PC's public key and label, to register it as trusted on HR's PC. */
  'bundles.identityFile': { input: noInput, output: returns<BundleFile>(), roles: ADMIN },
  'bundles.setLabel': { input: z.strictObject({ label: text(60).trim().min(1) }), output: returns<InstallationIdentity>(), roles: ADMIN },
  'bundles.trusted': { input: noInput, output: returns<TrustedInstallation[]>(), roles: ADMIN },
  /** Registers an installation from its identity file (audited). */
  'bundles.trust': { input: z.strictObject({ fileBase64, reason }), output: returns<TrustedInstallation>(), roles: ADMIN },
  'bundles.untrust': { input: z.strictObject({ fingerprint, reason }), output: returns<TrustedInstallation[]>(), roles: ADMIN },
  /** Signs the submitted attempts that match the filter (a proctor: only their sessions) into a result bundle. */
  'bundles.export': { input: z.strictObject({ filter: recordFilter.default({}) }), output: returns<BundleFile>(), roles: STAFF },
  /** The next part of a result bundle, in order (`offset`: the bytes sent so far); without an id, starts an upload. */
  'bundles.upload': {
    input: z.strictObject({
      uploadId: uploadId.optional(),
      offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      base64: z.string().min(1).max(Math.ceil(UPLOAD_PART_BYTES / 3) * 4),
    }),
    output: returns<{ uploadId: string; bytes: number }>(),
    roles: ADMIN,
  },
  /** Verifies a bundle and says what importing it would add; writes nothing. */
  'bundles.preview': { input: bundleSource, output: returns<BundlePreview>(), roles: ADMIN },
  /** Verifies and merges (all or nothing, deduped by attempt uid); an unknown signer's bundle waits for approval. Ends an upload. */
  'bundles.import': { input: bundleSource, output: returns<BundleImportReport>(), roles: ADMIN },
  'bundles.pending': { input: noInput, output: returns<PendingBundle[]>(), roles: ADMIN },
  /** Merges a waiting bundle (audited with the reason); optionally trusts its signer from now on. */
  'bundles.approve': { input: z.strictObject({ id, reason, trustSigner: z.boolean().default(false) }), output: returns<BundleImportReport>(), roles: ADMIN },
  'bundles.reject': { input: z.strictObject({ id, reason }), output: returns<PendingBundle[]>(), roles: ADMIN },
  /** A signed package of one exam session (settings, roster, blueprint, content version) for the other PCs of the room. */
  'bundles.exportSession': { input: z.strictObject({ sessionId: id }), output: returns<BundleFile>(), roles: STAFF },
  'bundles.previewSession': { input: z.strictObject({ fileBase64 }), output: returns<SessionPackagePreview>(), roles: STAFF },
  /** Creates the packaged session on this PC (same code, settings and roster; status draft). */
  'bundles.importSession': { input: z.strictObject({ fileBase64 }), output: returns<SessionPackagePreview>(), roles: STAFF },
  /** Re-checks the audit chain and every merged bundle (signature, each imported record against the signed manifest). */
  'bundles.verify': { input: noInput, output: returns<IntegrityReport>(), roles: ADMIN },
} as const satisfies Record<string, CallSpec>;
