from django.db import migrations, models
from django.db.models.functions import Length


def keep_long_urls_in_the_note(apps, schema_editor):
    """A report whose source URL is over 200 characters could never be applied: the URL
    moves into its note, whole, so the column can shrink without losing it."""
    CorrectionReport = apps.get_model("catalog", "CorrectionReport")
    for report in CorrectionReport.objects.annotate(url_length=Length("source_url")).filter(
        url_length__gt=200
    ):
        report.note = f"Source (too long to apply): {report.source_url}\n{report.note}"[:2000]
        report.source_url = ""
        report.save(update_fields=["note", "source_url"])


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0007_review_and_route_kinds"),
    ]

    operations = [
        migrations.RunPython(keep_long_urls_in_the_note, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="correctionreport",
            name="source_url",
            field=models.URLField(),
        ),
    ]
