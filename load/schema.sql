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
    loaded_at         TIMESTAMP NOT NULL
);

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
