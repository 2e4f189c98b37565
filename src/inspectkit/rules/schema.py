"""IK200–IK203: the record against the models. The validation itself runs once, at load."""

from __future__ import annotations

from inspectkit.rules.base import Context, Problem, ProblemIter


def _issues(ctx: Context, code: str) -> ProblemIter:
    for record in ctx.repo.records:
        for issue in record.issues:
            if issue.code == code:
                yield Problem(record, issue.loc, issue.message, issue.at)


def unknown_field(ctx: Context) -> ProblemIter:
    """IK200"""
    return _issues(ctx, "IK200")


def missing_field(ctx: Context) -> ProblemIter:
    """IK201"""
    return _issues(ctx, "IK201")


def invalid_value(ctx: Context) -> ProblemIter:
    """IK202"""
    return _issues(ctx, "IK202")


def bad_kind(ctx: Context) -> ProblemIter:
    """IK203"""
    return _issues(ctx, "IK203")
