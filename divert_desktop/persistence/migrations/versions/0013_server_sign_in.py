"""shared server: sign-in as the person's own login; grants re-applied from the role matrix

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08

On PostgreSQL (nothing changes on SQLite), run by the owner role:

- ``divert_signed_in(at)`` (SECURITY DEFINER, fixed search_path): a staff login that has just
  signed in as itself notes its last sign-in on its own account (a login may not update
  ``staff_users`` otherwise);
- ``divert_change_own_password(verifier, password_hash)``: a staff login changes its own
  password (``ALTER ROLE session_user PASSWORD`` with the SCRAM-SHA-256 verifier made by the
  client, never the password) and clears ``must_change_password`` on its own account only;
- each letter template's default wording is stored as version 1 where it was never used: the
  first letter of a kind used to store it, which a receptionist's or caseworker's login may not
  (only an administrator may write ``letter_templates``);
- ``divert_assessment_recorded``, ``divert_session_attendance`` and
  ``divert_clinical_attendance`` (SECURITY DEFINER) tell attendance and the engagement update
  what they need from assessments and session notes (yes or no, which appointment was
  attended), so a receptionist can mark attendance while still reading no clinical row;
- every group role's grants are applied again from ``persistence.server_roles`` (0010 froze
  them as they were then: the journeys of each role now run with them, and columns added to
  ``staff_users`` since are readable), with EXECUTE on the functions of ``FUNCTION_RIGHTS``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from divert_desktop.core.enums import Role
from divert_desktop.core.letter_wording import DEFAULT_WORDING
from divert_desktop.persistence.server_roles import apply_grants, group_roles

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _staff_check(groups: dict[Role, str]) -> str:
    names = ", ".join("'" + g.replace("'", "''") + "'" for g in groups.values())
    return f"""
            IF NOT EXISTS (
                SELECT 1 FROM pg_catalog.pg_auth_members m
                JOIN pg_catalog.pg_roles g ON g.oid = m.roleid
                JOIN pg_catalog.pg_roles u ON u.oid = m.member
                WHERE u.rolname = session_user AND g.rolname IN ({names}) AND NOT u.rolsuper
            ) THEN
                RAISE EXCEPTION 'not_staff_login: only a staff login may do this'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
    """


def _functions(schema: str, groups: dict[Role, str]) -> list[str]:
    s = f'"{schema}"'
    check = _staff_check(groups)
    return [
        f"""
        CREATE FUNCTION divert_signed_in(at timestamp) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
            {check}
            UPDATE {s}.staff_users SET last_login_at = at, failed_logins = 0,
                   locked_until = NULL, version = version + 1
             WHERE username = session_user;
        END
        $$
        """,
        f"""
        CREATE FUNCTION divert_change_own_password(verifier text, password_hash text)
        RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
            {check}
            IF left(verifier, 14) <> 'SCRAM-SHA-256$' THEN
                RAISE EXCEPTION 'not_scram: the password must be a SCRAM-SHA-256 verifier';
            END IF;
            EXECUTE format('ALTER ROLE %I PASSWORD %L', session_user, verifier);
            UPDATE {s}.staff_users
               SET password_hash = divert_change_own_password.password_hash,
                   must_change_password = false, version = version + 1
             WHERE username = session_user;
        END
        $$
        """,
        # What marking attendance needs from the clinical tables, and nothing more: whether
        # an assessment is recorded and which session notes say the person came (a
        # receptionist's login may not read assessments or session notes themselves).
        f"""
        CREATE FUNCTION divert_assessment_recorded(ref integer) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            SELECT EXISTS (SELECT 1 FROM {s}.assessments a WHERE a.referral_id = ref)
        $$
        """,
        f"""
        CREATE FUNCTION divert_session_attendance(ref integer)
        RETURNS TABLE (appointment_id integer, attended boolean)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            SELECT e.appointment_id, e.attended FROM {s}.educational_sessions e
             WHERE e.referral_id = ref ORDER BY e.id
        $$
        """,
        f"""
        CREATE FUNCTION divert_clinical_attendance(ref integer) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            SELECT EXISTS (SELECT 1 FROM {s}.assessments a WHERE a.referral_id = ref)
                OR EXISTS (SELECT 1 FROM {s}.educational_sessions e
                            WHERE e.referral_id = ref AND e.attended)
        $$
        """,
    ]


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    groups = group_roles(bind)
    if not groups:  # made without 0010's groups (cannot happen after 0010): nothing to grant
        return
    schema = bind.exec_driver_sql("SELECT current_schema()").scalar_one()
    with bind.connection.cursor() as cursor:  # the driver's own: no placeholders in these
        for statement in _functions(schema, groups):
            cursor.execute(statement)
    for template, (subject, body) in DEFAULT_WORDING.items():
        bind.execute(
            sa.text(
                "INSERT INTO letter_templates (template, template_version, subject, body, "
                "created_at, created_by) SELECT CAST(:t AS varchar), 1, :s, :b, timezone('utc', clock_timestamp()), "
                "'system' WHERE NOT EXISTS (SELECT 1 FROM letter_templates WHERE template = CAST(:t AS varchar))"
            ),
            {"t": template.value, "s": subject, "b": body},
        )
    apply_grants(bind, groups)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS divert_change_own_password(text, text)")
    op.execute("DROP FUNCTION IF EXISTS divert_signed_in(timestamp)")
    op.execute("DROP FUNCTION IF EXISTS divert_assessment_recorded(integer)")
    op.execute("DROP FUNCTION IF EXISTS divert_session_attendance(integer)")
    op.execute("DROP FUNCTION IF EXISTS divert_clinical_attendance(integer)")
    groups = group_roles(bind)
    if groups:
        apply_grants(bind, groups)
