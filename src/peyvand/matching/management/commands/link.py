"""`peyvand link A.csv [B.csv] --columns record_id=id,name=full_name,... -o OUT.csv`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from peyvand.linkage import (
    LinkageError,
    LinkageModel,
    ModelFileError,
    fit_to_input,
    load_people_model,
    read_input,
    save_model,
    write_links,
)


def parse_columns(text: str) -> dict[str, str]:
    """``field=column,field=column`` → mapping; a clear error for anything else."""
    mapping = {}
    for part in (p.strip() for p in text.split(",") if p.strip()):
        field, sep, column = part.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise CommandError(
                _("--columns takes field=column pairs separated by commas, not “%(part)s”.")
                % {"part": part}
            )
        mapping[field.strip()] = column.strip()
    return mapping


def model_file_message(path: str, error: ModelFileError) -> str:
    """One translated line saying why a model file cannot be used."""
    messages = {
        "unreadable": _("Cannot read the model file %(path)s."),
        "not_model": _("%(path)s is not a Peyvand linkage model file."),
        "version": _(
            "%(path)s was saved in another version of the model format; train the model again."
        ),
        "checksum": _("%(path)s fails its checksum: it was edited or damaged after it was saved."),
        "kind": _("%(path)s is a model for names alone, not for person records."),
    }
    default = _("%(path)s is not a valid linkage model file.")
    return messages.get(error.reason, default) % {"path": path}


def load_model_option(path: str | None) -> LinkageModel | None:
    """The model of ``--model``, or None for the shipped one; a bad file stops the command."""
    return load_model_file(path) if path else None


def load_model_file(path: str) -> LinkageModel:
    """A person model file, or a translated one-line error that stops the command."""
    try:
        return load_people_model(path)
    except ModelFileError as exc:
        raise CommandError(model_file_message(path, exc)) from exc


class Command(BaseCommand):
    help = (
        "Link the person records of one CSV file (dedupe) or of two files, writing pairs with "
        "probabilities and explanations, and clusters beside them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help="A.csv [B.csv]")
        parser.add_argument(
            "--columns",
            required=True,
            help="field=column pairs: record_id, name (required), birth_year, birth_date "
            "(YYYY-MM-DD, YYYY-MM or YYYY; Jalali before 1500), father_name, mother_name, "
            "other_names (separated by | or ;), birthplace, sex, national_id",
        )
        parser.add_argument("-o", "--output", required=True)
        parser.add_argument(
            "--model", help="a model file saved by --train (default: the shipped model)"
        )
        parser.add_argument(
            "--train",
            action="store_true",
            help="estimate the model on these files first (u by random sampling, m and the "
            "prior by EM, starting from --model or the shipped model), save it and link with it",
        )
        parser.add_argument(
            "--save-model", help="where --train saves the model (default: OUTPUT.model.json)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        files = options["files"]
        if len(files) > 2:
            raise CommandError(_("Give one file to deduplicate, or two files to link."))
        if options["save_model"] and not options["train"]:
            raise CommandError(_("--save-model saves a trained model: give --train too."))
        columns = parse_columns(options["columns"])
        b_csv = files[1] if len(files) == 2 else None
        model = load_model_option(options["model"])
        try:
            linkage_input = read_input(files[0], columns, b_csv)
            if options["train"]:
                model = fit_to_input(linkage_input, model)
            written = write_links(
                linkage_input, options["output"], model, fit_prior=options["train"]
            )
            if options["train"] and model is not None:
                self.save(model, options)
        except LinkageError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("%(n)s pairs written to %(path)s.") % {"n": written, "path": options["output"]}
        )

    def save(self, model: LinkageModel, options: dict[str, Any]) -> None:
        """Save the trained model (its prior estimated while linking) and say where."""
        path = options["save_model"] or str(Path(options["output"]).with_suffix(".model.json"))
        save_model(model, path)
        self.stdout.write(_("Model trained on these files saved to %(path)s.") % {"path": path})
