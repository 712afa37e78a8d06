-- The warehouse schema. Every statement is idempotent: it runs on each writable connect.
-- Integrity between documents and facts is kept by writing each document in one
-- transaction (no foreign keys: they make delete-and-reinsert awkward in DuckDB).

CREATE TABLE IF NOT EXISTS documents (
    document_id       VARCHAR PRIMARY KEY,
    doc_id            VARCHAR NOT NULL,
    path              VARCHAR NOT NULL UNIQUE,
    file_name         VARCHAR NOT NULL,
    media_type        VARCHAR,
    size_bytes        BIGINT,
    sha256            VARCHAR,
    pages             INTEGER,
    needs_ocr         BOOLEAN NOT NULL,
    status            VARCHAR NOT NULL,
    stage             VARCHAR,
    error             VARCHAR,
    warnings          VARCHAR[] NOT NULL,
    extractor_version VARCHAR NOT NULL,
    fact_count        INTEGER NOT NULL,
    rejected_count    INTEGER NOT NULL,
    started_at        TIMESTAMP,
    finished_at       TIMESTAMP,
    loaded_at         TIMESTAMP NOT NULL,
    mtime_ns          BIGINT,
    checked_at        TIMESTAMP
);

-- Warehouses made before these columns existed get them here (NULL until the next run fills them).
ALTER TABLE documents ADD COLUMN IF NOT EXISTS mtime_ns BIGINT;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS checked_at TIMESTAMP;

CREATE TABLE IF NOT EXISTS reports (
    fact_id        VARCHAR PRIMARY KEY,
    document_id    VARCHAR NOT NULL,
    position       INTEGER NOT NULL,
    partnership    VARCHAR NOT NULL,
    document_kind  VARCHAR NOT NULL,
    reporting_year VARCHAR,
    areas          VARCHAR[],
    page           INTEGER,
    char_start     INTEGER,
    char_end       INTEGER,
    sentence       VARCHAR,
    rule           VARCHAR
);

CREATE TABLE IF NOT EXISTS figures (
    fact_id     VARCHAR PRIMARY KEY,
    document_id VARCHAR NOT NULL,
    position    INTEGER NOT NULL,
    metric      VARCHAR NOT NULL,
    value       DOUBLE NOT NULL,
    unit        VARCHAR NOT NULL,
    area        VARCHAR,
    breakdown   VARCHAR,
    comparator  VARCHAR,
    page        INTEGER,
    char_start  INTEGER,
    char_end    INTEGER,
    sentence    VARCHAR,
    rule        VARCHAR
);

CREATE TABLE IF NOT EXISTS reviews (
    fact_id      VARCHAR PRIMARY KEY,
    document_id  VARCHAR NOT NULL,
    position     INTEGER NOT NULL,
    case_name    VARCHAR NOT NULL,
    review_type  VARCHAR NOT NULL,
    status       VARCHAR,
    conducted_by VARCHAR,
    page         INTEGER,
    char_start   INTEGER,
    char_end     INTEGER,
    sentence     VARCHAR,
    rule         VARCHAR
);

CREATE TABLE IF NOT EXISTS partners (
    fact_id     VARCHAR PRIMARY KEY,
    document_id VARCHAR NOT NULL,
    position    INTEGER NOT NULL,
    name        VARCHAR NOT NULL,
    org_type    VARCHAR NOT NULL,
    role        VARCHAR NOT NULL,
    page        INTEGER,
    char_start  INTEGER,
    char_end    INTEGER,
    sentence    VARCHAR,
    rule        VARCHAR
);

CREATE TABLE IF NOT EXISTS people (
    fact_id     VARCHAR PRIMARY KEY,
    document_id VARCHAR NOT NULL,
    position    INTEGER NOT NULL,
    name        VARCHAR NOT NULL,
    role        VARCHAR NOT NULL,
    page        INTEGER,
    char_start  INTEGER,
    char_end    INTEGER,
    sentence    VARCHAR,
    rule        VARCHAR
);

CREATE TABLE IF NOT EXISTS themes (
    fact_id     VARCHAR PRIMARY KEY,
    document_id VARCHAR NOT NULL,
    position    INTEGER NOT NULL,
    theme       VARCHAR NOT NULL,
    page        INTEGER,
    char_start  INTEGER,
    char_end    INTEGER,
    sentence    VARCHAR,
    rule        VARCHAR
);

CREATE TABLE IF NOT EXISTS priorities (
    fact_id     VARCHAR PRIMARY KEY,
    document_id VARCHAR NOT NULL,
    position    INTEGER NOT NULL,
    theme       VARCHAR NOT NULL,
    period      VARCHAR,
    page        INTEGER,
    char_start  INTEGER,
    char_end    INTEGER,
    sentence    VARCHAR,
    rule        VARCHAR
);

CREATE TABLE IF NOT EXISTS finance (
    fact_id      VARCHAR PRIMARY KEY,
    document_id  VARCHAR NOT NULL,
    position     INTEGER NOT NULL,
    direction    VARCHAR NOT NULL,
    counterparty VARCHAR NOT NULL,
    amount_gbp   DOUBLE NOT NULL,
    is_total     BOOLEAN NOT NULL,
    page         INTEGER,
    char_start   INTEGER,
    char_end     INTEGER,
    sentence     VARCHAR,
    rule         VARCHAR
);

CREATE TABLE IF NOT EXISTS rejections (
    document_id VARCHAR NOT NULL,
    position    INTEGER NOT NULL,
    kind        VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL,
    candidate   VARCHAR NOT NULL,
    page        INTEGER,
    char_start  INTEGER,
    char_end    INTEGER,
    sentence    VARCHAR,
    rule        VARCHAR
);

ALTER TABLE reports ADD COLUMN IF NOT EXISTS confidence DOUBLE;
ALTER TABLE figures ADD COLUMN IF NOT EXISTS confidence DOUBLE;
ALTER TABLE reviews ADD COLUMN IF NOT EXISTS confidence DOUBLE;
ALTER TABLE partners ADD COLUMN IF NOT EXISTS confidence DOUBLE;
ALTER TABLE people ADD COLUMN IF NOT EXISTS confidence DOUBLE;
ALTER TABLE themes ADD COLUMN IF NOT EXISTS confidence DOUBLE;
ALTER TABLE priorities ADD COLUMN IF NOT EXISTS confidence DOUBLE;
ALTER TABLE finance ADD COLUMN IF NOT EXISTS confidence DOUBLE;
ALTER TABLE rejections ADD COLUMN IF NOT EXISTS confidence DOUBLE;
ALTER TABLE reports ADD COLUMN IF NOT EXISTS ocr BOOLEAN;
ALTER TABLE figures ADD COLUMN IF NOT EXISTS ocr BOOLEAN;
ALTER TABLE reviews ADD COLUMN IF NOT EXISTS ocr BOOLEAN;
ALTER TABLE partners ADD COLUMN IF NOT EXISTS ocr BOOLEAN;
ALTER TABLE people ADD COLUMN IF NOT EXISTS ocr BOOLEAN;
ALTER TABLE themes ADD COLUMN IF NOT EXISTS ocr BOOLEAN;
ALTER TABLE priorities ADD COLUMN IF NOT EXISTS ocr BOOLEAN;
ALTER TABLE finance ADD COLUMN IF NOT EXISTS ocr BOOLEAN;
ALTER TABLE rejections ADD COLUMN IF NOT EXISTS ocr BOOLEAN;
ALTER TABLE reports ADD COLUMN IF NOT EXISTS paragraph INTEGER;
ALTER TABLE figures ADD COLUMN IF NOT EXISTS paragraph INTEGER;
ALTER TABLE reviews ADD COLUMN IF NOT EXISTS paragraph INTEGER;
ALTER TABLE partners ADD COLUMN IF NOT EXISTS paragraph INTEGER;
ALTER TABLE people ADD COLUMN IF NOT EXISTS paragraph INTEGER;
ALTER TABLE themes ADD COLUMN IF NOT EXISTS paragraph INTEGER;
ALTER TABLE priorities ADD COLUMN IF NOT EXISTS paragraph INTEGER;
ALTER TABLE finance ADD COLUMN IF NOT EXISTS paragraph INTEGER;
ALTER TABLE rejections ADD COLUMN IF NOT EXISTS paragraph INTEGER;

COMMENT ON TABLE documents IS 'One row per input file: what it is, how its last run went, and how many facts it gave.';
COMMENT ON COLUMN documents.document_id IS 'First 16 hex characters of sha256 of the resolved absolute path.';
COMMENT ON COLUMN documents.doc_id IS 'File name without extension; the "doc" field of exported facts.';
COMMENT ON COLUMN documents.path IS 'Resolved absolute path of the file.';
COMMENT ON COLUMN documents.file_name IS 'File name with extension.';
COMMENT ON COLUMN documents.media_type IS 'Detected media type, e.g. application/pdf.';
COMMENT ON COLUMN documents.size_bytes IS 'File size in bytes.';
COMMENT ON COLUMN documents.sha256 IS 'sha256 of the file content, to tell a changed file.';
COMMENT ON COLUMN documents.pages IS 'Number of pages read.';
COMMENT ON COLUMN documents.needs_ocr IS 'True when pages had no text layer.';
COMMENT ON COLUMN documents.status IS 'ok, partial or failed.';
COMMENT ON COLUMN documents.stage IS 'The stage that failed, when one did.';
COMMENT ON COLUMN documents.error IS 'Why the stage failed.';
COMMENT ON COLUMN documents.warnings IS 'Problems met that did not stop the run.';
COMMENT ON COLUMN documents.extractor_version IS 'Version of the extractor that produced the rows.';
COMMENT ON COLUMN documents.fact_count IS 'Facts stored for the document (after de-duplication).';
COMMENT ON COLUMN documents.rejected_count IS 'Candidate facts rejected by validation.';
COMMENT ON COLUMN documents.started_at IS 'When processing of the file started (UTC).';
COMMENT ON COLUMN documents.finished_at IS 'When processing of the file finished (UTC).';
COMMENT ON COLUMN documents.loaded_at IS 'When the rows were written (UTC).';
COMMENT ON COLUMN documents.mtime_ns IS 'Modification time of the file when its rows were written (nanoseconds since 1970-01-01 UTC); with size_bytes and checked_at it lets a re-run skip an unchanged file without reading it.';
COMMENT ON COLUMN documents.checked_at IS 'When the file content was last known to match sha256 (UTC): the start of its processing, or of the last re-run that hashed it.';

COMMENT ON TABLE reports IS 'Report facts: the partnership, kind of document, reporting year and areas (one per document).';
COMMENT ON TABLE figures IS 'Figure facts: comparable numbers with metric id, unit, area, breakdown and comparator.';
COMMENT ON TABLE reviews IS 'Review facts: named case reviews with type, status and conducting partnership.';
COMMENT ON TABLE partners IS 'Partner facts: organisations in the arrangements with type and role.';
COMMENT ON TABLE people IS 'Person facts: named people with their role.';
COMMENT ON TABLE themes IS 'Theme facts: safeguarding themes the document names.';
COMMENT ON TABLE priorities IS 'Priority facts: themes named as priorities, with their period.';
COMMENT ON TABLE finance IS 'Finance facts: budget lines, income by contributor or expenditure by category.';
COMMENT ON TABLE rejections IS 'Candidate facts that failed validation, kept with the reason and evidence.';

COMMENT ON COLUMN reports.fact_id IS 'First 20 hex characters of sha256 of document_id, kind and the contract fields.';
COMMENT ON COLUMN figures.fact_id IS 'First 20 hex characters of sha256 of document_id, kind and the contract fields.';
COMMENT ON COLUMN reviews.fact_id IS 'First 20 hex characters of sha256 of document_id, kind and the contract fields.';
COMMENT ON COLUMN partners.fact_id IS 'First 20 hex characters of sha256 of document_id, kind and the contract fields.';
COMMENT ON COLUMN people.fact_id IS 'First 20 hex characters of sha256 of document_id, kind and the contract fields.';
COMMENT ON COLUMN themes.fact_id IS 'First 20 hex characters of sha256 of document_id, kind and the contract fields.';
COMMENT ON COLUMN priorities.fact_id IS 'First 20 hex characters of sha256 of document_id, kind and the contract fields.';
COMMENT ON COLUMN finance.fact_id IS 'First 20 hex characters of sha256 of document_id, kind and the contract fields.';
COMMENT ON COLUMN reports.document_id IS 'The document the fact was read from (documents.document_id).';
COMMENT ON COLUMN figures.document_id IS 'The document the fact was read from (documents.document_id).';
COMMENT ON COLUMN reviews.document_id IS 'The document the fact was read from (documents.document_id).';
COMMENT ON COLUMN partners.document_id IS 'The document the fact was read from (documents.document_id).';
COMMENT ON COLUMN people.document_id IS 'The document the fact was read from (documents.document_id).';
COMMENT ON COLUMN themes.document_id IS 'The document the fact was read from (documents.document_id).';
COMMENT ON COLUMN priorities.document_id IS 'The document the fact was read from (documents.document_id).';
COMMENT ON COLUMN finance.document_id IS 'The document the fact was read from (documents.document_id).';
COMMENT ON COLUMN reports.position IS 'Order of the fact in its document''s result.';
COMMENT ON COLUMN figures.position IS 'Order of the fact in its document''s result.';
COMMENT ON COLUMN reviews.position IS 'Order of the fact in its document''s result.';
COMMENT ON COLUMN partners.position IS 'Order of the fact in its document''s result.';
COMMENT ON COLUMN people.position IS 'Order of the fact in its document''s result.';
COMMENT ON COLUMN themes.position IS 'Order of the fact in its document''s result.';
COMMENT ON COLUMN priorities.position IS 'Order of the fact in its document''s result.';
COMMENT ON COLUMN finance.position IS 'Order of the fact in its document''s result.';
COMMENT ON COLUMN reports.page IS 'Evidence: 1-based page the fact was read on.';
COMMENT ON COLUMN figures.page IS 'Evidence: 1-based page the fact was read on.';
COMMENT ON COLUMN reviews.page IS 'Evidence: 1-based page the fact was read on.';
COMMENT ON COLUMN partners.page IS 'Evidence: 1-based page the fact was read on.';
COMMENT ON COLUMN people.page IS 'Evidence: 1-based page the fact was read on.';
COMMENT ON COLUMN themes.page IS 'Evidence: 1-based page the fact was read on.';
COMMENT ON COLUMN priorities.page IS 'Evidence: 1-based page the fact was read on.';
COMMENT ON COLUMN finance.page IS 'Evidence: 1-based page the fact was read on.';
COMMENT ON COLUMN reports.char_start IS 'Evidence: start offset of the span in the document text.';
COMMENT ON COLUMN figures.char_start IS 'Evidence: start offset of the span in the document text.';
COMMENT ON COLUMN reviews.char_start IS 'Evidence: start offset of the span in the document text.';
COMMENT ON COLUMN partners.char_start IS 'Evidence: start offset of the span in the document text.';
COMMENT ON COLUMN people.char_start IS 'Evidence: start offset of the span in the document text.';
COMMENT ON COLUMN themes.char_start IS 'Evidence: start offset of the span in the document text.';
COMMENT ON COLUMN priorities.char_start IS 'Evidence: start offset of the span in the document text.';
COMMENT ON COLUMN finance.char_start IS 'Evidence: start offset of the span in the document text.';
COMMENT ON COLUMN reports.char_end IS 'Evidence: end offset (exclusive) of the span in the document text.';
COMMENT ON COLUMN figures.char_end IS 'Evidence: end offset (exclusive) of the span in the document text.';
COMMENT ON COLUMN reviews.char_end IS 'Evidence: end offset (exclusive) of the span in the document text.';
COMMENT ON COLUMN partners.char_end IS 'Evidence: end offset (exclusive) of the span in the document text.';
COMMENT ON COLUMN people.char_end IS 'Evidence: end offset (exclusive) of the span in the document text.';
COMMENT ON COLUMN themes.char_end IS 'Evidence: end offset (exclusive) of the span in the document text.';
COMMENT ON COLUMN priorities.char_end IS 'Evidence: end offset (exclusive) of the span in the document text.';
COMMENT ON COLUMN finance.char_end IS 'Evidence: end offset (exclusive) of the span in the document text.';
COMMENT ON COLUMN reports.sentence IS 'Evidence: the sentence the fact was read from.';
COMMENT ON COLUMN figures.sentence IS 'Evidence: the sentence the fact was read from.';
COMMENT ON COLUMN reviews.sentence IS 'Evidence: the sentence the fact was read from.';
COMMENT ON COLUMN partners.sentence IS 'Evidence: the sentence the fact was read from.';
COMMENT ON COLUMN people.sentence IS 'Evidence: the sentence the fact was read from.';
COMMENT ON COLUMN themes.sentence IS 'Evidence: the sentence the fact was read from.';
COMMENT ON COLUMN priorities.sentence IS 'Evidence: the sentence the fact was read from.';
COMMENT ON COLUMN finance.sentence IS 'Evidence: the sentence the fact was read from.';
COMMENT ON COLUMN reports.rule IS 'Evidence: id of the rule that produced the fact.';
COMMENT ON COLUMN figures.rule IS 'Evidence: id of the rule that produced the fact.';
COMMENT ON COLUMN reviews.rule IS 'Evidence: id of the rule that produced the fact.';
COMMENT ON COLUMN partners.rule IS 'Evidence: id of the rule that produced the fact.';
COMMENT ON COLUMN people.rule IS 'Evidence: id of the rule that produced the fact.';
COMMENT ON COLUMN themes.rule IS 'Evidence: id of the rule that produced the fact.';
COMMENT ON COLUMN priorities.rule IS 'Evidence: id of the rule that produced the fact.';
COMMENT ON COLUMN finance.rule IS 'Evidence: id of the rule that produced the fact.';

COMMENT ON COLUMN reports.partnership IS 'Full name of the partnership as the document gives it.';
COMMENT ON COLUMN reports.document_kind IS 'annual_report, committee_cover_report, committee_minutes or other.';
COMMENT ON COLUMN reports.reporting_year IS 'Financial year reported on, YYYY-YY.';
COMMENT ON COLUMN reports.areas IS 'Local authority areas the partnership covers.';
COMMENT ON COLUMN figures.metric IS 'Metric id from metrics.tsv.';
COMMENT ON COLUMN figures.value IS 'The number as printed, without %, £ or commas.';
COMMENT ON COLUMN figures.unit IS 'count, pct, rate_per_10k, gbp, days or years.';
COMMENT ON COLUMN figures.area IS 'Local authority the figure is about when the partnership covers several.';
COMMENT ON COLUMN figures.breakdown IS 'Sub-category when the figure is a part, e.g. neglect.';
COMMENT ON COLUMN figures.comparator IS 'Null for the partnership''s own figure; else previous_year, national, regional or statistical_neighbour.';
COMMENT ON COLUMN reviews.case_name IS 'Name the case is known by, e.g. Child Q.';
COMMENT ON COLUMN reviews.review_type IS 'lcspr, scr, rapid_review, national_review, learning_review or other.';
COMMENT ON COLUMN reviews.status IS 'commissioned, in_progress, completed, published, awaiting_publication or unknown.';
COMMENT ON COLUMN reviews.conducted_by IS 'Partnership that conducted the review, when stated.';
COMMENT ON COLUMN partners.name IS 'Canonical name of the organisation.';
COMMENT ON COLUMN partners.org_type IS 'Organisation type from the vocabulary.';
COMMENT ON COLUMN partners.role IS 'statutory_partner, relevant_agency or funder.';
COMMENT ON COLUMN people.name IS 'First and last name.';
COMMENT ON COLUMN people.role IS 'Role from the vocabulary, e.g. independent_scrutineer.';
COMMENT ON COLUMN themes.theme IS 'Theme id from themes.tsv.';
COMMENT ON COLUMN priorities.theme IS 'Theme id from themes.tsv.';
COMMENT ON COLUMN priorities.period IS 'YYYY-YY or YYYY-YY..YYYY-YY the priority is for.';
COMMENT ON COLUMN finance.direction IS 'income or expenditure.';
COMMENT ON COLUMN finance.counterparty IS 'Contributor for income; spending category for expenditure.';
COMMENT ON COLUMN finance.amount_gbp IS 'Amount in pounds.';
COMMENT ON COLUMN finance.is_total IS 'True for the total line.';

COMMENT ON COLUMN rejections.document_id IS 'The document the candidate was read from (documents.document_id).';
COMMENT ON COLUMN rejections.position IS 'Order of the rejection in its document''s result.';
COMMENT ON COLUMN rejections.kind IS 'Fact kind the candidate was meant to be.';
COMMENT ON COLUMN rejections.reason IS 'Why validation rejected it.';
COMMENT ON COLUMN rejections.candidate IS 'The candidate fact as JSON text.';
COMMENT ON COLUMN rejections.page IS 'Evidence: 1-based page the candidate was read on.';
COMMENT ON COLUMN rejections.char_start IS 'Evidence: start offset of the span in the document text.';
COMMENT ON COLUMN rejections.char_end IS 'Evidence: end offset (exclusive) of the span in the document text.';
COMMENT ON COLUMN rejections.sentence IS 'Evidence: the sentence the candidate was read from.';
COMMENT ON COLUMN rejections.rule IS 'Evidence: id of the rule that produced the candidate.';
COMMENT ON COLUMN reports.confidence IS 'How far to trust the fact: the share of facts of its rule found right on the answer sets (normalise/data/confidence.tsv), 0 to 1.';
COMMENT ON COLUMN figures.confidence IS 'How far to trust the fact: the share of facts of its rule found right on the answer sets (normalise/data/confidence.tsv), 0 to 1.';
COMMENT ON COLUMN reviews.confidence IS 'How far to trust the fact: the share of facts of its rule found right on the answer sets (normalise/data/confidence.tsv), 0 to 1.';
COMMENT ON COLUMN partners.confidence IS 'How far to trust the fact: the share of facts of its rule found right on the answer sets (normalise/data/confidence.tsv), 0 to 1.';
COMMENT ON COLUMN people.confidence IS 'How far to trust the fact: the share of facts of its rule found right on the answer sets (normalise/data/confidence.tsv), 0 to 1.';
COMMENT ON COLUMN themes.confidence IS 'How far to trust the fact: the share of facts of its rule found right on the answer sets (normalise/data/confidence.tsv), 0 to 1.';
COMMENT ON COLUMN priorities.confidence IS 'How far to trust the fact: the share of facts of its rule found right on the answer sets (normalise/data/confidence.tsv), 0 to 1.';
COMMENT ON COLUMN finance.confidence IS 'How far to trust the fact: the share of facts of its rule found right on the answer sets (normalise/data/confidence.tsv), 0 to 1.';
COMMENT ON COLUMN rejections.confidence IS 'How far the rule that produced the candidate is trusted (normalise/data/confidence.tsv).';
COMMENT ON COLUMN reports.ocr IS 'Evidence: true when the text was read from an image by OCR; its confidence is then lowered.';
COMMENT ON COLUMN figures.ocr IS 'Evidence: true when the text was read from an image by OCR; its confidence is then lowered.';
COMMENT ON COLUMN reviews.ocr IS 'Evidence: true when the text was read from an image by OCR; its confidence is then lowered.';
COMMENT ON COLUMN partners.ocr IS 'Evidence: true when the text was read from an image by OCR; its confidence is then lowered.';
COMMENT ON COLUMN people.ocr IS 'Evidence: true when the text was read from an image by OCR; its confidence is then lowered.';
COMMENT ON COLUMN themes.ocr IS 'Evidence: true when the text was read from an image by OCR; its confidence is then lowered.';
COMMENT ON COLUMN priorities.ocr IS 'Evidence: true when the text was read from an image by OCR; its confidence is then lowered.';
COMMENT ON COLUMN finance.ocr IS 'Evidence: true when the text was read from an image by OCR; its confidence is then lowered.';
COMMENT ON COLUMN rejections.ocr IS 'Evidence: true when the text was read from an image by OCR; its confidence is then lowered.';
COMMENT ON COLUMN reports.paragraph IS 'Evidence: in a DOCX (which has no pages; page is 1), the 1-based number of the body paragraph or table holding the text.';
COMMENT ON COLUMN figures.paragraph IS 'Evidence: in a DOCX (which has no pages; page is 1), the 1-based number of the body paragraph or table holding the text.';
COMMENT ON COLUMN reviews.paragraph IS 'Evidence: in a DOCX (which has no pages; page is 1), the 1-based number of the body paragraph or table holding the text.';
COMMENT ON COLUMN partners.paragraph IS 'Evidence: in a DOCX (which has no pages; page is 1), the 1-based number of the body paragraph or table holding the text.';
COMMENT ON COLUMN people.paragraph IS 'Evidence: in a DOCX (which has no pages; page is 1), the 1-based number of the body paragraph or table holding the text.';
COMMENT ON COLUMN themes.paragraph IS 'Evidence: in a DOCX (which has no pages; page is 1), the 1-based number of the body paragraph or table holding the text.';
COMMENT ON COLUMN priorities.paragraph IS 'Evidence: in a DOCX (which has no pages; page is 1), the 1-based number of the body paragraph or table holding the text.';
COMMENT ON COLUMN finance.paragraph IS 'Evidence: in a DOCX (which has no pages; page is 1), the 1-based number of the body paragraph or table holding the text.';
COMMENT ON COLUMN rejections.paragraph IS 'Evidence: in a DOCX (which has no pages; page is 1), the 1-based number of the body paragraph or table holding the text.';

-- ---------------------------------------------------------------- runs

CREATE TABLE IF NOT EXISTS runs (
    run_id            BIGINT PRIMARY KEY,
    command           VARCHAR NOT NULL,
    arguments         VARCHAR[] NOT NULL,
    pid               INTEGER NOT NULL,
    host              VARCHAR,
    started_at        TIMESTAMP NOT NULL,
    finished_at       TIMESTAMP,
    status            VARCHAR NOT NULL,
    exit_code         INTEGER,
    sources           INTEGER,
    fetched_new       INTEGER,
    fetch_unchanged   INTEGER,
    fetch_failed      INTEGER,
    files_seen        INTEGER,
    processed         INTEGER,
    ok                INTEGER,
    partial           INTEGER,
    failed            INTEGER,
    skipped           INTEGER,
    pruned            INTEGER,
    facts             INTEGER,
    failures          VARCHAR[],
    message           VARCHAR,
    extractor_version VARCHAR
);

COMMENT ON TABLE runs IS 'One row per lscp ingest or lscp nightly run that got the lock: when, what it did, what failed and its exit code.';
COMMENT ON COLUMN runs.run_id IS 'Key: 1 for the first run, then counting up.';
COMMENT ON COLUMN runs.command IS 'ingest, nightly or load (lscp load of results staged by ingest --stage-dir).';
COMMENT ON COLUMN runs.arguments IS 'The options and arguments the run was given, as name=value.';
COMMENT ON COLUMN runs.pid IS 'Process id of the run.';
COMMENT ON COLUMN runs.host IS 'Host name of the machine the run ran on.';
COMMENT ON COLUMN runs.started_at IS 'When the run started (UTC).';
COMMENT ON COLUMN runs.finished_at IS 'When the run finished (UTC); NULL while it runs or when it was interrupted.';
COMMENT ON COLUMN runs.status IS 'running, finished, failed (an error stopped it before its end; see exit_code and message), or interrupted (the process ended without finishing, e.g. killed; found by the next run).';
COMMENT ON COLUMN runs.exit_code IS 'Exit code: 0 all fine, 1 some downloads or documents failed (the rest loaded), 2 to 4 stopped (see the README); NULL while running or when interrupted.';
COMMENT ON COLUMN runs.sources IS 'nightly: source links read from the sources file; NULL for ingest.';
COMMENT ON COLUMN runs.fetched_new IS 'nightly: downloads that saved a new file or a new version of one.';
COMMENT ON COLUMN runs.fetch_unchanged IS 'nightly: downloads answered 304 Not Modified or identical to the saved file.';
COMMENT ON COLUMN runs.fetch_failed IS 'nightly: downloads that failed or gave the wrong content type.';
COMMENT ON COLUMN runs.files_seen IS 'Files found under the ingested paths (processed plus skipped).';
COMMENT ON COLUMN runs.processed IS 'Files read and written to the warehouse (new, changed, stale extractor version, or retried).';
COMMENT ON COLUMN runs.ok IS 'Processed files with status ok.';
COMMENT ON COLUMN runs.partial IS 'Processed files with status partial (pages without a text layer).';
COMMENT ON COLUMN runs.failed IS 'Processed files with status failed.';
COMMENT ON COLUMN runs.skipped IS 'Files skipped as unchanged since their last run with the same extractor version.';
COMMENT ON COLUMN runs.pruned IS 'Stored documents forgotten because their file is gone (--prune).';
COMMENT ON COLUMN runs.facts IS 'Facts written by this run.';
COMMENT ON COLUMN runs.failures IS 'One entry per failed download (url: reason) or document (path: stage: reason).';
COMMENT ON COLUMN runs.message IS 'One-line summary, or the error that stopped the run.';
COMMENT ON COLUMN runs.extractor_version IS 'Version of the extractor the run used (documents.extractor_version).';

-- ---------------------------------------------------------------- helpers for the views

-- A partnership's stable id from its name as a document gives it: accents, case, apostrophes,
-- "&"/"and", a leading "The" and the suffix (Local Safeguarding Children Partnership/Board,
-- Children's Safeguarding Partnership, LSCP, SCP, LSCB, ...) do not matter. NULL for no name.
CREATE OR REPLACE MACRO lscp_partnership_id(name) AS (
    WITH core AS (
        SELECT regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
            lower(strip_accents(coalesce(name, ''))),
            '[''’‘`]', '', 'g'),
            '&|\+', ' and ', 'g'),
            '[^a-z0-9]+', ' ', 'g'),
            '^\s*the\s+', ''),
            '(^|\s+)((local\s+)?(safeguarding\s+childrens?(\s+and\s+young\s+people)?|childrens?\s+safeguarding|(community\s+safety\s+and\s+)?safeguarding)\s+(partnership|board|arrangements?)|lscp|lscb|scp|scb)\s*$', '') AS text
    )
    SELECT CASE WHEN trim(text) <> '' THEN regexp_replace(trim(text), '\s+', '-', 'g') || '-scp' END FROM core
);
COMMENT ON MACRO lscp_partnership_id IS 'Stable partnership id (e.g. westshire-scp) from a partnership name as written; NULL when the name has nothing but the suffix.';

-- The organisation type a partner's name suggests, by the same words as normalise/orgs.py.
CREATE OR REPLACE MACRO lscp_org_type(name) AS CASE
    WHEN regexp_matches(lower(name), '\bpolice\b|constabulary') THEN 'police'
    WHEN regexp_matches(lower(name), '\bfire\b') THEN 'fire'
    WHEN regexp_matches(lower(name), 'probation') THEN 'probation'
    WHEN regexp_matches(lower(name), 'cafcass|family court advisory') THEN 'cafcass'
    WHEN regexp_matches(lower(name), 'youth (justice|offending)|\byos\b|\byjs\b') THEN 'youth_justice'
    WHEN regexp_matches(lower(name), '\bnhs\b|trust\b|integrated care|\bicb\b|\bccg\b|clinical commissioning|health|hospital|public health|ambulance') THEN 'health'
    WHEN regexp_matches(lower(name), 'education|school|college|academ') THEN 'education'
    WHEN regexp_matches(lower(name), 'voluntary|\bcvs\b|charity|community action|\baction\b') THEN 'voluntary'
    WHEN regexp_matches(lower(name), 'council|borough|corporation|county|local authority') THEN 'local_authority'
    ELSE 'other'
END;
COMMENT ON MACRO lscp_org_type IS 'Organisation type from the words of a name (police, fire, probation, cafcass, youth_justice, health, education, voluntary, local_authority, other).';

-- ---------------------------------------------------------------- entities

CREATE OR REPLACE VIEW document_links AS
WITH first_report AS (
    SELECT document_id, partnership, document_kind, reporting_year, areas
    FROM reports
    QUALIFY row_number() OVER (PARTITION BY document_id ORDER BY position, fact_id) = 1
), keyed AS (
    SELECT d.document_id, d.doc_id, d.path, d.file_name, d.status, d.mtime_ns,
           r.partnership, lscp_partnership_id(r.partnership) AS partnership_id,
           r.reporting_year, r.document_kind, r.areas
    FROM documents d LEFT JOIN first_report r USING (document_id)
), linked AS (
    SELECT *,
           CASE WHEN partnership_id IS NOT NULL AND reporting_year IS NOT NULL
                THEN partnership_id || '/' || reporting_year END AS report_id,
           CASE document_kind WHEN 'annual_report' THEN 1 WHEN 'committee_cover_report' THEN 2
                WHEN 'committee_minutes' THEN 3 WHEN 'other' THEN 4 END AS kind_rank
    FROM keyed
)
SELECT document_id, doc_id, path, file_name, status, partnership, partnership_id, reporting_year, report_id,
       document_kind, kind_rank,
       CASE WHEN report_id IS NOT NULL THEN row_number() OVER (
           PARTITION BY report_id ORDER BY kind_rank NULLS LAST, mtime_ns DESC NULLS LAST, path
       ) END::INTEGER AS preference,
       areas
FROM linked;

CREATE OR REPLACE VIEW partnerships AS
WITH linked AS (
    SELECT * FROM document_links WHERE partnership_id IS NOT NULL
), spelled AS (
    SELECT partnership_id, partnership AS name, count(*) AS uses
    FROM linked GROUP BY ALL
), named AS (
    SELECT partnership_id, name FROM spelled
    QUALIFY row_number() OVER (PARTITION BY partnership_id ORDER BY uses DESC, name) = 1
), spellings AS (
    SELECT partnership_id, list(name ORDER BY name) AS names FROM spelled GROUP BY partnership_id
)
SELECT l.partnership_id, n.name, s.names,
       list_sort(list_distinct(flatten(list(coalesce(l.areas, []::VARCHAR[]))))) AS areas,
       count(*)::INTEGER AS n_documents,
       count(DISTINCT l.reporting_year)::INTEGER AS n_reports,
       min(l.reporting_year) AS first_year,
       max(l.reporting_year) AS last_year
FROM linked l JOIN named n USING (partnership_id) JOIN spellings s USING (partnership_id)
GROUP BY l.partnership_id, n.name, s.names;

CREATE OR REPLACE VIEW partnership_reports AS
SELECT l.report_id, l.partnership_id, p.name AS partnership, l.reporting_year,
       count(*)::INTEGER AS n_documents,
       list(l.document_kind ORDER BY l.preference) AS document_kinds,
       list(l.document_id ORDER BY l.preference) AS document_ids,
       bool_or(l.document_kind = 'annual_report') AS has_annual_report,
       first(l.document_id ORDER BY l.preference) AS preferred_document_id,
       first(l.document_kind ORDER BY l.preference) AS preferred_kind
FROM document_links l LEFT JOIN partnerships p USING (partnership_id)
WHERE l.report_id IS NOT NULL
GROUP BY l.report_id, l.partnership_id, p.name, l.reporting_year;

-- ---------------------------------------------------------------- comparable views

CREATE OR REPLACE VIEW figures_comparable AS
WITH candidates AS (
    SELECT l.partnership_id, l.reporting_year, l.report_id, l.document_kind, l.preference, l.doc_id, l.path, f.*
    FROM figures f JOIN document_links l USING (document_id)
    WHERE f.comparator IS NULL AND l.report_id IS NOT NULL
), grouped AS (
    SELECT report_id, metric, area, breakdown,
           count(DISTINCT document_id)::INTEGER AS n_documents,
           count(DISTINCT value)::INTEGER AS n_values,
           list(DISTINCT value ORDER BY value) AS all_values,
           list(DISTINCT document_kind ORDER BY document_kind) AS document_kinds
    FROM candidates GROUP BY report_id, metric, area, breakdown
), chosen AS (
    SELECT * FROM candidates
    QUALIFY row_number() OVER (PARTITION BY report_id, metric, area, breakdown ORDER BY preference, position) = 1
)
SELECT c.partnership_id, p.name AS partnership, c.reporting_year, c.report_id, c.metric, c.area, c.breakdown,
       c.value, c.unit, c.document_kind AS chosen_from_kind, g.n_documents, g.n_values,
       g.n_values > 1 AS values_disagree,
       list_filter(g.all_values, lambda v: v <> c.value) AS other_values,
       g.document_kinds,
       c.fact_id, c.document_id, c.doc_id, c.path, c.page, c.char_start, c.char_end, c.sentence, c.rule
FROM chosen c
JOIN grouped g ON g.report_id = c.report_id AND g.metric = c.metric
    AND g.area IS NOT DISTINCT FROM c.area AND g.breakdown IS NOT DISTINCT FROM c.breakdown
LEFT JOIN partnerships p USING (partnership_id);

CREATE OR REPLACE VIEW funding AS
WITH income AS (
    SELECT l.partnership_id, l.reporting_year, l.report_id, l.document_kind, l.preference, l.doc_id, l.path, f.*
    FROM finance f JOIN document_links l USING (document_id)
    WHERE f.direction = 'income' AND l.report_id IS NOT NULL
), source AS (
    SELECT report_id, document_id FROM income WHERE NOT is_total
    QUALIFY row_number() OVER (PARTITION BY report_id ORDER BY preference) = 1
), lines AS (
    SELECT i.* FROM income i JOIN source s USING (report_id, document_id)
    WHERE NOT i.is_total
    QUALIFY row_number() OVER (PARTITION BY i.report_id, lower(i.counterparty) ORDER BY i.position) = 1
), stated AS (
    SELECT i.report_id, first(i.amount_gbp ORDER BY i.position) AS stated_total_gbp
    FROM income i JOIN source s USING (report_id, document_id)
    WHERE i.is_total GROUP BY i.report_id
), known_types AS (
    SELECT l.report_id, lower(p.name) AS name_key, first(p.org_type ORDER BY l.preference, p.position) AS org_type
    FROM partners p JOIN document_links l USING (document_id)
    WHERE l.report_id IS NOT NULL GROUP BY l.report_id, lower(p.name)
), typed AS (
    SELECT ln.*, coalesce(k.org_type, lscp_org_type(ln.counterparty)) AS partner_type,
           CASE WHEN k.org_type IS NOT NULL THEN 'partners' ELSE 'name_words' END AS partner_type_source,
           sum(ln.amount_gbp) OVER (PARTITION BY ln.report_id) AS contributions_total_gbp
    FROM lines ln LEFT JOIN known_types k ON k.report_id = ln.report_id AND k.name_key = lower(ln.counterparty)
)
SELECT t.partnership_id, p.name AS partnership, t.reporting_year, t.report_id,
       t.counterparty AS partner, t.partner_type, t.partner_type_source, t.amount_gbp,
       t.amount_gbp / nullif(t.contributions_total_gbp, 0) AS share_of_total,
       sum(t.amount_gbp) OVER (PARTITION BY t.report_id, t.partner_type) AS partner_type_amount_gbp,
       sum(t.amount_gbp) OVER (PARTITION BY t.report_id, t.partner_type) / nullif(t.contributions_total_gbp, 0) AS partner_type_share,
       t.contributions_total_gbp, st.stated_total_gbp,
       t.document_kind AS chosen_from_kind,
       t.fact_id, t.document_id, t.doc_id, t.path, t.page, t.char_start, t.char_end, t.sentence, t.rule
FROM typed t
LEFT JOIN stated st USING (report_id)
LEFT JOIN partnerships p USING (partnership_id);

CREATE OR REPLACE VIEW funding_by_type AS
SELECT partnership_id, partnership, reporting_year, report_id, partner_type,
       count(*)::INTEGER AS n_partners,
       sum(amount_gbp) AS amount_gbp,
       sum(share_of_total) AS share_of_total,
       list(partner ORDER BY amount_gbp DESC, partner) AS partners,
       first(contributions_total_gbp) AS contributions_total_gbp,
       first(chosen_from_kind) AS chosen_from_kind,
       first(document_id) AS document_id
FROM funding
GROUP BY partnership_id, partnership, reporting_year, report_id, partner_type;

CREATE OR REPLACE VIEW reviews_comparable AS
WITH candidates AS (
    SELECT l.partnership_id, l.reporting_year, l.report_id, l.document_kind, l.preference, l.doc_id, l.path,
           lower(trim(r.case_name)) AS case_key, r.*
    FROM reviews r JOIN document_links l USING (document_id)
    WHERE l.report_id IS NOT NULL
), grouped AS (
    SELECT report_id, case_key, review_type,
           count(DISTINCT document_id)::INTEGER AS n_documents,
           coalesce(list(DISTINCT status ORDER BY status) FILTER (WHERE status IS NOT NULL), []::VARCHAR[]) AS statuses_seen,
           count(DISTINCT status)::INTEGER AS n_statuses,
           count(DISTINCT lower(conducted_by))::INTEGER AS n_conducted_by,
           list(DISTINCT document_kind ORDER BY document_kind) AS document_kinds
    FROM candidates GROUP BY report_id, case_key, review_type
), chosen AS (
    SELECT * FROM candidates
    QUALIFY row_number() OVER (PARTITION BY report_id, case_key, review_type ORDER BY preference, position) = 1
)
SELECT c.partnership_id, p.name AS partnership, c.reporting_year, c.report_id,
       c.case_name, c.review_type, c.status, c.conducted_by,
       c.document_kind AS chosen_from_kind, g.n_documents, g.statuses_seen,
       (g.n_statuses > 1 OR g.n_conducted_by > 1) AS values_disagree,
       g.document_kinds,
       c.fact_id, c.document_id, c.doc_id, c.path, c.page, c.char_start, c.char_end, c.sentence, c.rule
FROM chosen c
JOIN grouped g ON g.report_id = c.report_id AND g.case_key = c.case_key AND g.review_type = c.review_type
LEFT JOIN partnerships p USING (partnership_id);

CREATE OR REPLACE VIEW priorities_comparable AS
WITH candidates AS (
    SELECT l.partnership_id, l.reporting_year, l.report_id, l.document_kind, l.preference, l.doc_id, l.path, pr.*
    FROM priorities pr JOIN document_links l USING (document_id)
    WHERE l.report_id IS NOT NULL
), grouped AS (
    SELECT report_id, theme,
           count(DISTINCT document_id)::INTEGER AS n_documents,
           coalesce(list(DISTINCT period ORDER BY period) FILTER (WHERE period IS NOT NULL), []::VARCHAR[]) AS periods_seen,
           count(DISTINCT period)::INTEGER AS n_periods,
           list(DISTINCT document_kind ORDER BY document_kind) AS document_kinds
    FROM candidates GROUP BY report_id, theme
), chosen AS (
    SELECT * FROM candidates
    QUALIFY row_number() OVER (PARTITION BY report_id, theme ORDER BY preference, position) = 1
)
SELECT c.partnership_id, p.name AS partnership, c.reporting_year, c.report_id, c.theme, c.period,
       c.document_kind AS chosen_from_kind, g.n_documents, g.periods_seen,
       g.n_periods > 1 AS values_disagree, g.document_kinds,
       c.fact_id, c.document_id, c.doc_id, c.path, c.page, c.char_start, c.char_end, c.sentence, c.rule
FROM chosen c
JOIN grouped g ON g.report_id = c.report_id AND g.theme = c.theme
LEFT JOIN partnerships p USING (partnership_id);

-- ---------------------------------------------------------------- view comments

COMMENT ON VIEW document_links IS 'One row per document: the partnership and report (partnership and reporting year) it belongs to, and its rank among that report''s documents.';
COMMENT ON COLUMN document_links.document_id IS 'Key: the document (documents.document_id).';
COMMENT ON COLUMN document_links.doc_id IS 'File name without extension (documents.doc_id).';
COMMENT ON COLUMN document_links.path IS 'Resolved absolute path of the file (documents.path).';
COMMENT ON COLUMN document_links.file_name IS 'File name with extension.';
COMMENT ON COLUMN document_links.status IS 'ok, partial or failed (documents.status).';
COMMENT ON COLUMN document_links.partnership IS 'Partnership name as the document gives it (its first report fact); NULL when none was found.';
COMMENT ON COLUMN document_links.partnership_id IS 'Stable partnership id from the name (partnerships.partnership_id), e.g. westshire-scp; NULL when no partnership was found.';
COMMENT ON COLUMN document_links.reporting_year IS 'Financial year the document reports on, YYYY-YY; NULL when not found.';
COMMENT ON COLUMN document_links.report_id IS 'The report the document belongs to (partnership_reports.report_id): partnership_id/reporting_year; NULL when either is unknown.';
COMMENT ON COLUMN document_links.document_kind IS 'annual_report, committee_cover_report, committee_minutes or other; NULL when no report fact was found.';
COMMENT ON COLUMN document_links.kind_rank IS 'Priority of the kind when documents disagree: 1 annual_report, 2 committee_cover_report, 3 committee_minutes, 4 other.';
COMMENT ON COLUMN document_links.preference IS 'Rank of the document within its report: 1 is preferred (best kind_rank, then the most recently modified file, then path); NULL without a report.';
COMMENT ON COLUMN document_links.areas IS 'Local authority areas the document says the partnership covers.';

COMMENT ON VIEW partnerships IS 'The partnership dimension: one row per partnership id found in any document.';
COMMENT ON COLUMN partnerships.partnership_id IS 'Key: stable id from the normalised name (case, accents, &/and, The and the Safeguarding Children Partnership/Board/LSCP/SCP suffix ignored) plus -scp.';
COMMENT ON COLUMN partnerships.name IS 'The spelling of the name most documents use (alphabetically first on a tie).';
COMMENT ON COLUMN partnerships.names IS 'Every spelling of the name found, sorted.';
COMMENT ON COLUMN partnerships.areas IS 'Every local authority area the documents say the partnership covers, sorted.';
COMMENT ON COLUMN partnerships.n_documents IS 'Documents linked to the partnership.';
COMMENT ON COLUMN partnerships.n_reports IS 'Distinct reporting years with at least one document.';
COMMENT ON COLUMN partnerships.first_year IS 'Earliest reporting year, YYYY-YY.';
COMMENT ON COLUMN partnerships.last_year IS 'Latest reporting year, YYYY-YY.';

COMMENT ON VIEW partnership_reports IS 'The report entity: one row per partnership and reporting year, linking its annual report, cover reports and minutes.';
COMMENT ON COLUMN partnership_reports.report_id IS 'Key: partnership_id/reporting_year, e.g. westshire-scp/2023-24.';
COMMENT ON COLUMN partnership_reports.partnership_id IS 'The partnership (partnerships.partnership_id).';
COMMENT ON COLUMN partnership_reports.partnership IS 'The partnership''s name (partnerships.name).';
COMMENT ON COLUMN partnership_reports.reporting_year IS 'Financial year reported on, YYYY-YY.';
COMMENT ON COLUMN partnership_reports.n_documents IS 'Documents about this report.';
COMMENT ON COLUMN partnership_reports.document_kinds IS 'Kinds of those documents, preferred first.';
COMMENT ON COLUMN partnership_reports.document_ids IS 'Ids of those documents (documents.document_id), preferred first.';
COMMENT ON COLUMN partnership_reports.has_annual_report IS 'True when one of the documents is the annual report itself.';
COMMENT ON COLUMN partnership_reports.preferred_document_id IS 'The document whose values win when documents disagree (document_links.preference = 1).';
COMMENT ON COLUMN partnership_reports.preferred_kind IS 'Kind of the preferred document.';

COMMENT ON VIEW figures_comparable IS 'One row per partnership, reporting year, metric, area and breakdown: the partnership''s own value (comparator figures left out) from the preferred document, with its evidence and whether the documents disagree.';
COMMENT ON COLUMN figures_comparable.partnership_id IS 'The partnership (partnerships.partnership_id).';
COMMENT ON COLUMN figures_comparable.partnership IS 'The partnership''s name (partnerships.name).';
COMMENT ON COLUMN figures_comparable.reporting_year IS 'Financial year reported on, YYYY-YY.';
COMMENT ON COLUMN figures_comparable.report_id IS 'The report (partnership_reports.report_id).';
COMMENT ON COLUMN figures_comparable.metric IS 'Key: metric id from metrics.tsv.';
COMMENT ON COLUMN figures_comparable.area IS 'Key: local authority the figure is about, or NULL for the whole partnership.';
COMMENT ON COLUMN figures_comparable.breakdown IS 'Key: sub-category, e.g. neglect, or NULL for the whole.';
COMMENT ON COLUMN figures_comparable.value IS 'The chosen value as printed, in unit (the first mention in the preferred document).';
COMMENT ON COLUMN figures_comparable.unit IS 'count, pct (0-100), rate_per_10k (per 10,000 children), gbp (pounds), days or years.';
COMMENT ON COLUMN figures_comparable.chosen_from_kind IS 'Kind of the document the value was taken from: the best-ranked document of the report that states it (annual report over cover report over minutes).';
COMMENT ON COLUMN figures_comparable.n_documents IS 'Documents of the report that state a value for this key.';
COMMENT ON COLUMN figures_comparable.n_values IS 'Distinct values stated for this key across those documents (and within them).';
COMMENT ON COLUMN figures_comparable.values_disagree IS 'True when n_values > 1: other_values lists the values not chosen.';
COMMENT ON COLUMN figures_comparable.other_values IS 'The other values stated for this key, sorted; empty when all agree.';
COMMENT ON COLUMN figures_comparable.document_kinds IS 'Kinds of the documents that state a value for this key.';
COMMENT ON COLUMN figures_comparable.fact_id IS 'Evidence: the chosen fact (fact_id in the figures table).';
COMMENT ON COLUMN figures_comparable.document_id IS 'Evidence: the document the chosen fact was read from (documents.document_id).';
COMMENT ON COLUMN figures_comparable.doc_id IS 'Evidence: that document''s file name without extension.';
COMMENT ON COLUMN figures_comparable.path IS 'Evidence: that document''s path.';
COMMENT ON COLUMN figures_comparable.page IS 'Evidence: 1-based page the chosen fact was read on.';
COMMENT ON COLUMN figures_comparable.char_start IS 'Evidence: start offset of the span in the document text.';
COMMENT ON COLUMN figures_comparable.char_end IS 'Evidence: end offset (exclusive) of the span in the document text.';
COMMENT ON COLUMN figures_comparable.sentence IS 'Evidence: the sentence the chosen fact was read from.';
COMMENT ON COLUMN figures_comparable.rule IS 'Evidence: id of the rule that produced the chosen fact.';

COMMENT ON VIEW funding IS 'One row per partnership, reporting year and contributing partner: income lines of the preferred document that lists them, with shares of the total.';
COMMENT ON COLUMN funding.partnership_id IS 'The partnership (partnerships.partnership_id).';
COMMENT ON COLUMN funding.partnership IS 'The partnership''s name (partnerships.name).';
COMMENT ON COLUMN funding.reporting_year IS 'Financial year reported on, YYYY-YY.';
COMMENT ON COLUMN funding.report_id IS 'The report (partnership_reports.report_id).';
COMMENT ON COLUMN funding.partner IS 'Key: the contributor as named on the income line (finance.counterparty).';
COMMENT ON COLUMN funding.partner_type IS 'Organisation type: from the partners facts of the same report when the name matches, else from the words of the name.';
COMMENT ON COLUMN funding.partner_type_source IS 'partners (a partner fact of the same report gives the type) or name_words (guessed from the name).';
COMMENT ON COLUMN funding.amount_gbp IS 'The contribution in pounds.';
COMMENT ON COLUMN funding.share_of_total IS 'amount_gbp / contributions_total_gbp, a fraction from 0 to 1.';
COMMENT ON COLUMN funding.partner_type_amount_gbp IS 'Pounds contributed by all partners of this partner_type in this report.';
COMMENT ON COLUMN funding.partner_type_share IS 'partner_type_amount_gbp / contributions_total_gbp, a fraction from 0 to 1.';
COMMENT ON COLUMN funding.contributions_total_gbp IS 'Sum of the income lines (total lines excluded) of the chosen document, in pounds.';
COMMENT ON COLUMN funding.stated_total_gbp IS 'The document''s own total income line in pounds, NULL when it has none; compare with contributions_total_gbp.';
COMMENT ON COLUMN funding.chosen_from_kind IS 'Kind of the document the income lines were taken from: the best-ranked document of the report with income lines.';
COMMENT ON COLUMN funding.fact_id IS 'Evidence: the chosen fact (fact_id in the finance table).';
COMMENT ON COLUMN funding.document_id IS 'Evidence: the document the chosen fact was read from (documents.document_id).';
COMMENT ON COLUMN funding.doc_id IS 'Evidence: that document''s file name without extension.';
COMMENT ON COLUMN funding.path IS 'Evidence: that document''s path.';
COMMENT ON COLUMN funding.page IS 'Evidence: 1-based page the chosen fact was read on.';
COMMENT ON COLUMN funding.char_start IS 'Evidence: start offset of the span in the document text.';
COMMENT ON COLUMN funding.char_end IS 'Evidence: end offset (exclusive) of the span in the document text.';
COMMENT ON COLUMN funding.sentence IS 'Evidence: the sentence the chosen fact was read from.';
COMMENT ON COLUMN funding.rule IS 'Evidence: id of the rule that produced the chosen fact.';

COMMENT ON VIEW funding_by_type IS 'One row per partnership, reporting year and partner type: the funding view summed by partner_type.';
COMMENT ON COLUMN funding_by_type.partnership_id IS 'The partnership (partnerships.partnership_id).';
COMMENT ON COLUMN funding_by_type.partnership IS 'The partnership''s name (partnerships.name).';
COMMENT ON COLUMN funding_by_type.reporting_year IS 'Financial year reported on, YYYY-YY.';
COMMENT ON COLUMN funding_by_type.report_id IS 'The report (partnership_reports.report_id).';
COMMENT ON COLUMN funding_by_type.partner_type IS 'Key: organisation type (funding.partner_type).';
COMMENT ON COLUMN funding_by_type.n_partners IS 'Contributing partners of this type.';
COMMENT ON COLUMN funding_by_type.amount_gbp IS 'Pounds contributed by partners of this type.';
COMMENT ON COLUMN funding_by_type.share_of_total IS 'amount_gbp / contributions_total_gbp, a fraction from 0 to 1.';
COMMENT ON COLUMN funding_by_type.partners IS 'The partners of this type, largest contribution first.';
COMMENT ON COLUMN funding_by_type.contributions_total_gbp IS 'Sum of all income lines of the report''s chosen document, in pounds.';
COMMENT ON COLUMN funding_by_type.chosen_from_kind IS 'Kind of the document the income lines were taken from.';
COMMENT ON COLUMN funding_by_type.document_id IS 'Evidence: the document the income lines were read from (documents.document_id).';

COMMENT ON VIEW reviews_comparable IS 'One row per partnership, reporting year, case and review type: the status from the preferred document, with its evidence and whether the documents disagree.';
COMMENT ON COLUMN reviews_comparable.partnership_id IS 'The partnership (partnerships.partnership_id).';
COMMENT ON COLUMN reviews_comparable.partnership IS 'The partnership''s name (partnerships.name).';
COMMENT ON COLUMN reviews_comparable.reporting_year IS 'Financial year reported on, YYYY-YY.';
COMMENT ON COLUMN reviews_comparable.report_id IS 'The report (partnership_reports.report_id).';
COMMENT ON COLUMN reviews_comparable.case_name IS 'Key (case-insensitive): name the case is known by, as the preferred document writes it.';
COMMENT ON COLUMN reviews_comparable.review_type IS 'Key: lcspr, scr, rapid_review, national_review, learning_review or other.';
COMMENT ON COLUMN reviews_comparable.status IS 'Status from the preferred document: commissioned, in_progress, completed, published, awaiting_publication or unknown.';
COMMENT ON COLUMN reviews_comparable.conducted_by IS 'Partnership that conducted the review, per the preferred document, when stated.';
COMMENT ON COLUMN reviews_comparable.chosen_from_kind IS 'Kind of the document the value was taken from: the best-ranked document of the report that states it (annual report over cover report over minutes).';
COMMENT ON COLUMN reviews_comparable.n_documents IS 'Documents of the report that mention the review.';
COMMENT ON COLUMN reviews_comparable.statuses_seen IS 'Every status the documents give, sorted.';
COMMENT ON COLUMN reviews_comparable.values_disagree IS 'True when the documents give different statuses or conducting partnerships.';
COMMENT ON COLUMN reviews_comparable.document_kinds IS 'Kinds of the documents that mention the review.';
COMMENT ON COLUMN reviews_comparable.fact_id IS 'Evidence: the chosen fact (fact_id in the reviews table).';
COMMENT ON COLUMN reviews_comparable.document_id IS 'Evidence: the document the chosen fact was read from (documents.document_id).';
COMMENT ON COLUMN reviews_comparable.doc_id IS 'Evidence: that document''s file name without extension.';
COMMENT ON COLUMN reviews_comparable.path IS 'Evidence: that document''s path.';
COMMENT ON COLUMN reviews_comparable.page IS 'Evidence: 1-based page the chosen fact was read on.';
COMMENT ON COLUMN reviews_comparable.char_start IS 'Evidence: start offset of the span in the document text.';
COMMENT ON COLUMN reviews_comparable.char_end IS 'Evidence: end offset (exclusive) of the span in the document text.';
COMMENT ON COLUMN reviews_comparable.sentence IS 'Evidence: the sentence the chosen fact was read from.';
COMMENT ON COLUMN reviews_comparable.rule IS 'Evidence: id of the rule that produced the chosen fact.';

COMMENT ON VIEW priorities_comparable IS 'One row per partnership, reporting year and priority theme: the period from the preferred document, with its evidence.';
COMMENT ON COLUMN priorities_comparable.partnership_id IS 'The partnership (partnerships.partnership_id).';
COMMENT ON COLUMN priorities_comparable.partnership IS 'The partnership''s name (partnerships.name).';
COMMENT ON COLUMN priorities_comparable.reporting_year IS 'Financial year reported on, YYYY-YY.';
COMMENT ON COLUMN priorities_comparable.report_id IS 'The report (partnership_reports.report_id).';
COMMENT ON COLUMN priorities_comparable.theme IS 'Key: theme id from themes.tsv.';
COMMENT ON COLUMN priorities_comparable.period IS 'YYYY-YY or YYYY-YY..YYYY-YY the priority is for, per the preferred document.';
COMMENT ON COLUMN priorities_comparable.chosen_from_kind IS 'Kind of the document the value was taken from: the best-ranked document of the report that states it (annual report over cover report over minutes).';
COMMENT ON COLUMN priorities_comparable.n_documents IS 'Documents of the report that name the priority.';
COMMENT ON COLUMN priorities_comparable.periods_seen IS 'Every period the documents give, sorted.';
COMMENT ON COLUMN priorities_comparable.values_disagree IS 'True when the documents give different periods.';
COMMENT ON COLUMN priorities_comparable.document_kinds IS 'Kinds of the documents that name the priority.';
COMMENT ON COLUMN priorities_comparable.fact_id IS 'Evidence: the chosen fact (fact_id in the priorities table).';
COMMENT ON COLUMN priorities_comparable.document_id IS 'Evidence: the document the chosen fact was read from (documents.document_id).';
COMMENT ON COLUMN priorities_comparable.doc_id IS 'Evidence: that document''s file name without extension.';
COMMENT ON COLUMN priorities_comparable.path IS 'Evidence: that document''s path.';
COMMENT ON COLUMN priorities_comparable.page IS 'Evidence: 1-based page the chosen fact was read on.';
COMMENT ON COLUMN priorities_comparable.char_start IS 'Evidence: start offset of the span in the document text.';
COMMENT ON COLUMN priorities_comparable.char_end IS 'Evidence: end offset (exclusive) of the span in the document text.';
COMMENT ON COLUMN priorities_comparable.sentence IS 'Evidence: the sentence the chosen fact was read from.';
COMMENT ON COLUMN priorities_comparable.rule IS 'Evidence: id of the rule that produced the chosen fact.';

-- ---------------------------------------------------------------- statutory audit of annual reports

CREATE TABLE IF NOT EXISTS audit (
    document_id  VARCHAR NOT NULL,
    position     INTEGER NOT NULL,
    requirement  VARCHAR NOT NULL,
    edition      VARCHAR NOT NULL,
    status       VARCHAR NOT NULL,
    in_force     BOOLEAN NOT NULL,
    page         INTEGER,
    char_start   INTEGER,
    char_end     INTEGER,
    sentence     VARCHAR,
    cue          VARCHAR,
    rule         VARCHAR,
    PRIMARY KEY (document_id, requirement)
);

COMMENT ON TABLE audit IS 'The statutory audit: one row per requirement of Working Together (2018, 2023) and per question of the national Panel''s analyses, for every annual report, with the sentence that shows it (see audit/data/requirements.jsonl).';
COMMENT ON COLUMN audit.document_id IS 'The annual report audited (documents.document_id).';
COMMENT ON COLUMN audit.position IS 'Order of the requirement in the requirements file.';
COMMENT ON COLUMN audit.requirement IS 'Requirement id, e.g. wt2018.impact or panel.training_evaluation.';
COMMENT ON COLUMN audit.edition IS 'WT2018, WT2023 or Panel (the Panel''s audit questions).';
COMMENT ON COLUMN audit.status IS 'met (a strong cue or a fact that answers it), partly (only a weak cue, as the requirement defines it) or not_found.';
COMMENT ON COLUMN audit.in_force IS 'Whether the edition applied to the report''s reporting year (WT2018 to 2023-24, WT2023 from 2023-24; the Panel''s questions always).';
COMMENT ON COLUMN audit.page IS 'Evidence: 1-based page of the sentence; NULL when not_found.';
COMMENT ON COLUMN audit.char_start IS 'Evidence: start offset of the sentence in the document text.';
COMMENT ON COLUMN audit.char_end IS 'Evidence: end offset (exclusive) of the sentence in the document text.';
COMMENT ON COLUMN audit.sentence IS 'Evidence: the sentence, or a heading and the first sentence under it (Heading — sentence).';
COMMENT ON COLUMN audit.cue IS 'Evidence: the cue text that matched (it occurs in sentence).';
COMMENT ON COLUMN audit.rule IS 'Evidence: strong, weak, heading, both:<id>, section:<id>, fact:<kind> or fact+weak:<kind>.';

CREATE OR REPLACE VIEW audit_summary AS
WITH audited AS (
    SELECT a.requirement, a.edition, a.status, a.in_force,
           (SELECT max(r.reporting_year) FROM reports r
             WHERE r.document_id = a.document_id AND r.document_kind = 'annual_report') AS reporting_year
    FROM audit a
)
SELECT requirement, edition, reporting_year,
       count(*)::INTEGER AS n_reports,
       count(*) FILTER (WHERE status = 'met')::INTEGER AS n_met,
       count(*) FILTER (WHERE status = 'partly')::INTEGER AS n_partly,
       count(*) FILTER (WHERE status = 'not_found')::INTEGER AS n_not_found,
       round(count(*) FILTER (WHERE status = 'met') / count(*), 3) AS share_met,
       bool_and(in_force) AS in_force
FROM audited
GROUP BY requirement, edition, reporting_year;

COMMENT ON VIEW audit_summary IS 'Per requirement and reporting year: how many annual reports meet it, partly meet it or do not show it (the year from the report fact of the annual report).';
COMMENT ON COLUMN audit_summary.requirement IS 'Key: requirement id (audit.requirement).';
COMMENT ON COLUMN audit_summary.edition IS 'WT2018, WT2023 or Panel.';
COMMENT ON COLUMN audit_summary.reporting_year IS 'Key: financial year the annual reports cover, YYYY-YY (NULL when the report fact gives none).';
COMMENT ON COLUMN audit_summary.n_reports IS 'Annual reports audited for this requirement and year.';
COMMENT ON COLUMN audit_summary.n_met IS 'Of those, reports that meet the requirement.';
COMMENT ON COLUMN audit_summary.n_partly IS 'Of those, reports with only weak cues.';
COMMENT ON COLUMN audit_summary.n_not_found IS 'Of those, reports where nothing was found.';
COMMENT ON COLUMN audit_summary.share_met IS 'n_met / n_reports, a fraction from 0 to 1.';
COMMENT ON COLUMN audit_summary.in_force IS 'Whether the edition applied to every one of these reports'' years.';
-- ---------------------------------------------------------------- the text behind the evidence spans

CREATE TABLE IF NOT EXISTS pages (
    document_id VARCHAR NOT NULL,
    page        INTEGER NOT NULL,
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL,
    text        VARCHAR NOT NULL,
    width       DOUBLE,
    height      DOUBLE,
    PRIMARY KEY (document_id, page)
);

CREATE TABLE IF NOT EXISTS words (
    document_id VARCHAR NOT NULL,
    page        INTEGER NOT NULL,
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL,
    x0          DOUBLE NOT NULL,
    y0          DOUBLE NOT NULL,
    x1          DOUBLE NOT NULL,
    y1          DOUBLE NOT NULL
);

COMMENT ON TABLE pages IS 'One row per page of a document: its part of the extracted text, which the evidence offsets (char_start, char_end) of its facts point into.';
COMMENT ON COLUMN pages.document_id IS 'Key: the document (documents.document_id).';
COMMENT ON COLUMN pages.page IS 'Key: 1-based page number (1 for a document without pages: text, markdown, HTML).';
COMMENT ON COLUMN pages.char_start IS 'Offset of the page''s first character in the document text.';
COMMENT ON COLUMN pages.char_end IS 'Offset one past the page''s last character; the pages of a document cover its text without gaps.';
COMMENT ON COLUMN pages.text IS 'The page''s text: a fact''s matched words are substring(text, char_start - pages.char_start + 1, char_end - char_start).';
COMMENT ON COLUMN pages.width IS 'Page width in points (1/72 inch), PDF pages only.';
COMMENT ON COLUMN pages.height IS 'Page height in points, PDF pages only.';

COMMENT ON TABLE words IS 'One row per word drawn on a PDF page that was found in the extracted text: the words of a span are those with char_start < span end and char_end > span start.';
COMMENT ON COLUMN words.document_id IS 'The document (documents.document_id).';
COMMENT ON COLUMN words.page IS 'Page the word is drawn on; a paragraph that a page break cut goes on in the text of the page it began on, so this can be the page after pages.page.';
COMMENT ON COLUMN words.char_start IS 'Offset of the word''s first character in the document text.';
COMMENT ON COLUMN words.char_end IS 'Offset one past the word''s last character (the first line''s part of a word broken by a hyphen).';
COMMENT ON COLUMN words.x0 IS 'Left edge of the word''s box, in points from the left of the page.';
COMMENT ON COLUMN words.y0 IS 'Top edge of the word''s box, in points from the top of the page.';
COMMENT ON COLUMN words.x1 IS 'Right edge of the word''s box, in points from the left of the page.';
COMMENT ON COLUMN words.y1 IS 'Bottom edge of the word''s box, in points from the top of the page.';
