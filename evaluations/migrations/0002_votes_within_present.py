"""The vote-count rule in the database itself (PostgreSQL): a rating's four counts never
add up to more than its meeting's number present, whatever writes them."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION evaluations_votes_within_present() RETURNS trigger AS $$
BEGIN
  IF TG_TABLE_NAME = 'evaluations_rating' THEN
    IF NEW.very_satisfied + NEW.satisfied + NEW.basically_satisfied + NEW.unsatisfied >
       (SELECT present FROM evaluations_meeting WHERE id = NEW.meeting_id) THEN
      RAISE EXCEPTION 'votes of rating % exceed the number present', NEW.id
        USING ERRCODE = 'check_violation';
    END IF;
  ELSIF EXISTS (
    SELECT 1 FROM evaluations_rating r WHERE r.meeting_id = NEW.id
      AND r.very_satisfied + r.satisfied + r.basically_satisfied + r.unsatisfied > NEW.present
  ) THEN
    RAISE EXCEPTION 'votes at meeting % exceed the number present', NEW.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER rating_votes_within_present
  AFTER INSERT OR UPDATE ON evaluations_rating
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION evaluations_votes_within_present();

CREATE CONSTRAINT TRIGGER meeting_votes_within_present
  AFTER UPDATE OF present ON evaluations_meeting
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION evaluations_votes_within_present();
"""

DROP = """
DROP TRIGGER IF EXISTS rating_votes_within_present ON evaluations_rating;
DROP TRIGGER IF EXISTS meeting_votes_within_present ON evaluations_meeting;
DROP FUNCTION IF EXISTS evaluations_votes_within_present();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:  # no parameters: % stays literal
            cursor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
