from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

# A result's score must lie within its benchmark's range where one is known. A CHECK
# constraint cannot look at another table, so two triggers keep the invariant: one on
# results, one on benchmarks (narrowing a range under existing results is refused).
SCORE_RANGE_SQL = """
CREATE FUNCTION catalog_result_score_in_range() RETURNS trigger AS $$
DECLARE lo numeric; hi numeric;
BEGIN
  SELECT min_score, max_score INTO lo, hi FROM catalog_benchmark WHERE id = NEW.benchmark_id;
  IF (lo IS NOT NULL AND NEW.score < lo) OR (hi IS NOT NULL AND NEW.score > hi) THEN
    RAISE EXCEPTION 'score % is outside the range [%, %] of benchmark %', NEW.score, lo, hi, NEW.benchmark_id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER catalog_result_score_in_range
BEFORE INSERT OR UPDATE OF score, benchmark_id ON catalog_benchmarkresult
FOR EACH ROW EXECUTE FUNCTION catalog_result_score_in_range();

CREATE FUNCTION catalog_benchmark_range_covers_results() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM catalog_benchmarkresult r WHERE r.benchmark_id = NEW.id
             AND ((NEW.min_score IS NOT NULL AND r.score < NEW.min_score)
               OR (NEW.max_score IS NOT NULL AND r.score > NEW.max_score))) THEN
    RAISE EXCEPTION 'benchmark % range [%, %] excludes existing results', NEW.id, NEW.min_score, NEW.max_score
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER catalog_benchmark_range_covers_results
BEFORE UPDATE OF min_score, max_score ON catalog_benchmark
FOR EACH ROW EXECUTE FUNCTION catalog_benchmark_range_covers_results();
"""

REVERSE_SQL = """
DROP TRIGGER IF EXISTS catalog_result_score_in_range ON catalog_benchmarkresult;
DROP FUNCTION IF EXISTS catalog_result_score_in_range();
DROP TRIGGER IF EXISTS catalog_benchmark_range_covers_results ON catalog_benchmark;
DROP FUNCTION IF EXISTS catalog_benchmark_range_covers_results();
"""


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunSQL(SCORE_RANGE_SQL, REVERSE_SQL),
    ]
