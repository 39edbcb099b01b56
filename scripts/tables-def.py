#!/usr/bin/env python3
"""tables-def.py - developer helper: print src/store/tables.def entries for
the schema of a migrated SQLite file (`oic migrate --db sqlite:F`), in the
order given by ORDER (foreign keys first).  Not needed to build; the
migrate-data test fails when tables.def and the schema disagree."""
import sqlite3, sys

ORDER = ['settings', 'users', 'organisations', 'sessions', 'rate_limits', 'challenges', 'events',
         'partners', 'audit_log', 'jobs', 'topics', 'challenge_topics', 'uploads', 'ideas',
         'idea_topics', 'idea_authors', 'idea_invitations', 'idea_attachments', 'idea_status_changes', 'supports',
         'comments', 'comment_votes', 'follows', 'notifications', 'projects', 'milestones',
         'project_updates', 'api_tokens', 'event_registrations', 'analytics_snapshots', 'reports', 'report_subjects',
         'content_page_versions', 'organisation_representatives',
         'evaluation_criteria', 'evaluation_assignments', 'evaluations', 'evaluation_scores',
         'analytics_day_runs', 'analytics_days', 'analytics_account_days',
         'actors', 'actor_tags',
         'contact_requests', 'contact_blocks', 'contact_optouts', 'analytics_generation', 'actor_districts',
         'matching_suggestions', 'matching_dismissals', 'matching_optouts',
         'opportunities', 'opportunity_topics', 'opportunity_replies',
         'event_challenges', 'calendar_tokens',
         # last: the triggers of the tables above mark it while they are copied
         'matching_state']
db = sqlite3.connect(sys.argv[1])
tables = [r[0] for r in db.execute(
    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
    "AND coalesce(sql,'') NOT LIKE 'CREATE VIRTUAL TABLE%' AND name NOT LIKE '%\\_fts\\_%' ESCAPE '\\' "
    "AND name <> 'schema_migrations'")]
unknown = [t for t in tables if t not in ORDER]
if unknown:
    sys.exit(f"add to ORDER: {unknown}")
for t in [t for t in ORDER if t in tables]:
    cols = list(db.execute(f"PRAGMA table_info({t})"))
    names = [c[1] for c in cols]
    types = ''.join('i' if 'INT' in c[2].upper() else 'r' if 'REAL' in c[2].upper()
                    else 'b' if 'BLOB' in c[2].upper() else 't' for c in cols)
    pk = sorted([c for c in cols if c[5] > 0], key=lambda c: c[5])
    identity = 1 if len(pk) == 1 and pk[0][1] == 'id' and 'INT' in pk[0][2].upper() else 0
    print(f'TABLE({t},\n      "{", ".join(names)}",\n      "{", ".join(f"${i+1}" for i in range(len(names)))}",\n'
          f'      "{types}", "{", ".join(c[1] for c in pk)}", {identity})')
