-- CareChain schema, PostgreSQL: the FHIR search index, in the same database as the Orleans tables.
--
-- Resources live in per-patient grains; these tables only tell a search which patients to ask.
-- The grain's in-memory match decides, so the index may over-approximate but must never miss:
-- writers add terms before changing grain state and replace them (exactly) after.
--
-- fhir_resources records which patient owns each resource (the owner is claimed once and never
-- moves). fhir_search_terms holds the searchable values of each resource: tokens as both
-- 'system|code' (empty system when the coding has none) and the bare 'code'; strings
-- lower-cased with accents removed; dates as the half-open range [low, high) in unix
-- milliseconds, open ends stored as the smallest and largest bigint.
-- Ids and values use the "C" collation whatever the database default is: the prefix range scans
-- need code-point order, which linguistic collations do not give, and patient ids are returned
-- in the same (ordinal) order as on SQLite.
--
-- The service needs: GRANT SELECT, INSERT ON fhir_resources TO carechain_app;
--                    GRANT SELECT, INSERT, DELETE ON fhir_search_terms TO carechain_app;

CREATE TABLE IF NOT EXISTS fhir_resources
(
  resource_type TEXT NOT NULL,
  resource_id   TEXT COLLATE "C" NOT NULL,
  patient_id    TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (resource_type, resource_id)
);

CREATE INDEX IF NOT EXISTS ix_fhir_resources_patient ON fhir_resources (resource_type, patient_id);

CREATE TABLE IF NOT EXISTS fhir_search_terms
(
  resource_type TEXT NOT NULL,
  resource_id   TEXT COLLATE "C" NOT NULL,
  patient_id    TEXT COLLATE "C" NOT NULL,
  parameter     TEXT NOT NULL,
  value         TEXT COLLATE "C" NULL,
  low           BIGINT NULL,
  high          BIGINT NULL
);

CREATE INDEX IF NOT EXISTS ix_fhir_search_terms_value ON fhir_search_terms (resource_type, parameter, value);
CREATE INDEX IF NOT EXISTS ix_fhir_search_terms_range ON fhir_search_terms (resource_type, parameter, low, high);
CREATE INDEX IF NOT EXISTS ix_fhir_search_terms_resource ON fhir_search_terms (resource_type, resource_id);
