/** How many events of a project had one ingestion outcome within one UTC hour. */
export interface IngestionCount {
  projectId: string;
  /** Start of the hour, UTC. */
  hour: Date;
  /** An ingestion outcome (`accepted`, `bot`, `rate_limited`, ...; see ingest/outcomes.ts). */
  outcome: string;
  count: number;
}
