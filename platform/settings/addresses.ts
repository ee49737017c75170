import type { CmsSettings, PublisherSettings, SiteSettings } from './schema.js';

/** Addresses that follow from the settings: where each server is reached from this machine. */

/** The address a server listening on `host` is reached at from this machine. */
export function reachableHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}

/** The URL the project's own programs use to reach Directus: always the local listener, not PUBLIC_URL. */
export function localDirectusUrl(settings: Pick<CmsSettings, 'HOST' | 'PORT'>): string {
  return `http://${reachableHost(settings.HOST)}:${settings.PORT}`;
}

/** Where the site and the preview read Directus: DIRECTUS_URL, or the local one. */
export function directusUrlOf(settings: Pick<SiteSettings, 'DIRECTUS_URL' | 'HOST' | 'PORT'>): string {
  return settings.DIRECTUS_URL ? settings.DIRECTUS_URL.replace(/\/+$/, '') : localDirectusUrl(settings);
}

export function previewUrlOf(settings: Pick<SiteSettings, 'PREVIEW_URL' | 'PREVIEW_HOST' | 'PREVIEW_PORT'>): string {
  if (settings.PREVIEW_URL) return settings.PREVIEW_URL.replace(/\/+$/, '');
  return `http://${reachableHost(settings.PREVIEW_HOST)}:${settings.PREVIEW_PORT}`;
}

/** The editors' guide on the public site, which the admin app's module bar links to. */
export function guideUrlOf(settings: Pick<SiteSettings, 'SITE_URL'>): string {
  return `${settings.SITE_URL.replace(/\/+$/, '')}/guide/`;
}

/** The address Directus signals; `npm start` gives it to the Directus it starts. */
export function publisherSignalUrl(settings: Pick<PublisherSettings, 'PUBLISHER_HOST' | 'PUBLISHER_PORT'>): string {
  return `http://${reachableHost(settings.PUBLISHER_HOST)}:${settings.PUBLISHER_PORT}/signal`;
}
