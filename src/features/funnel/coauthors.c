/*
 * coauthors.c - the team of an idea: its authors invite co-authors, the
 * invited person accepts or declines on the idea page (their notification
 * links there), a co-author may leave, and the original author removes
 * co-authors.  The rules are features/funnel/team_rules.c's; this file does the I/O.
 *
 * Inviting takes a public name or an e-mail address.  Names are found
 * only among accounts whose name is already public (they wrote a visible
 * idea or comment, or are in a team), so a name search reveals nothing
 * new, and an unknown name gets a clear answer.  An e-mail address is
 * not public: whatever the address, the inviter gets the same neutral
 * answer and sees nothing change, so the form cannot be used to learn
 * whether an address has an account.  For the same reason invitations
 * are not listed to the team, only to the invited person.
 *
 * Each change is one transaction; the team's size is counted under a
 * lock of the idea's row, after any user rows (see features/funnel/statements.def
 * on lock order), so two acceptances at once cannot pass the limit.
 */
#include <string.h>

#include "base/log.h"
#include "features/accounts/accounts.h"
#include "features/funnel/team_rules.h"
#include "templates.h"
#include "features/funnel/internal.h"

enum { TEAM_ROWS = TEAM_MAX_COAUTHORS + 1 }; /* co-authors and one invitation */

/* The idea of a team route and the facts about one person in its team. */
struct team_state {
	int64_t idea_id;
	struct team_facts facts; /* is_coauthor: about the person asked about */
	bool invited;		 /* that person has an open invitation */
};

/*
 * Load the team facts of idea about user: 1 found and visible to the
 * viewer, 0 not, -1 store error.
 */
static int team_load(struct app_ctx *ctx, int64_t idea, int64_t user, struct team_state *t)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_team_idea);
	int found = 0;

	memset(t, 0, sizeof(*t));
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, idea);
	db_bind_i64(st, 2, user);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		enum challenge_phase phase = PHASE_OPEN;
		t->idea_id = idea;
		t->facts.author_id = db_col_null(st, 0) ? 0 : db_col_i64(st, 0);
		t->facts.hidden = db_col_i64(st, 1) != 0;
		phase_parse(db_col_text(st, 2), &phase);
		t->facts.coauthors = db_col_i64(st, 3);
		t->facts.is_coauthor = db_col_i64(st, 4) != 0;
		t->invited = db_col_i64(st, 5) != 0;
		/* As on the idea page: hidden ideas only for moderators. */
		found = challenge_visible(phase, app_role(ctx)) &&
			(!t->facts.hidden || funnel_may(app_role(ctx), FUNNEL_MODERATE));
	}
	db_reset(st);
	return rc < 0 ? -1 : found;
}

/* The route's idea with facts about the viewer; answers failures itself. */
static bool team_of_route(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			  struct team_state *t)
{
	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return false;
	}
	int found = team_load(ctx, req->params[0], ctx->user->id, t);
	if (found <= 0) {
		app_error(req, resp, found < 0 ? 503 : 404,
			  found < 0 ? NULL : N_("This idea does not exist."));
		return false;
	}
	return true;
}

/* Back to the idea page's team section, with what happened. */
static void back_to_team(struct http_request *req, struct http_response *resp, int64_t idea,
			 const char *what)
{
	http_redirect(resp,
		      arena_printf(&req->arena, "/ideas/%lld?team=%s#team", (long long)idea, what));
}

/*
 * Refuse a team action: permissions as an error page, everything else on
 * the idea page, next to the form it came from.
 */
static void refuse(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		   int64_t idea, int status, const char *msgid, const char *who)
{
	if (status != 422) {
		app_error(req, resp, status, msgid);
		return;
	}
	struct team_problem tp = {
		.message = tr(ctx->lang, msgid), .who = who, .invite_form = who != NULL};
	struct idea_page_problem p = {.team = &tp};
	idea_render(req, resp, ctx, idea, 422, &p);
}

/* The one account with this e-mail address or public name: 1, 0 none, 2 several, -1 error. */
static int find_person(struct app_ctx *ctx, const char *who, bool is_email, int64_t *id)
{
	struct db_stmt *st =
		db_stmt(ctx->db, is_email ? STMT_team_user_by_email : STMT_team_user_by_name);
	int n = 0, rc;

	*id = 0;
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, who);
	while ((rc = db_step(st)) == DB_ROW && n < 2) {
		if (n == 0)
			*id = db_col_i64(st, 0);
		n++;
	}
	db_reset(st);
	return rc < 0 ? -1 : n;
}

/* Run a statement bound to (idea, user[, now]); DB_OK or an error. */
static int run_pair(struct app_ctx *ctx, enum stmt_id id, int64_t idea, int64_t user, int64_t third)
{
	struct db_stmt *st = db_stmt(ctx->db, id);
	if (st == NULL)
		return DB_ERROR;
	db_bind_i64(st, 1, idea);
	db_bind_i64(st, 2, user);
	if (third != 0)
		db_bind_i64(st, 3, third);
	return db_run(st, NULL) < 0 ? DB_ERROR : DB_OK;
}

/* Lock the idea's row and count its co-authors, inside a transaction. */
static int count_locked(struct app_ctx *ctx, int64_t idea, int64_t *count)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_team_idea_lock);
	if (st == NULL)
		return DB_ERROR;
	db_bind_i64(st, 1, idea);
	if (db_run(st, NULL) < 0)
		return DB_ERROR;
	st = db_stmt(ctx->db, STMT_team_count);
	if (st == NULL)
		return DB_ERROR;
	db_bind_i64(st, 1, idea);
	return db_run(st, count) < 0 ? DB_ERROR : DB_OK;
}

void coauthors_invite(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct team_state me, them;
	const char *raw = http_form(req, "who");
	const char *problem = NULL;
	bool is_email = false;
	int64_t invitee = 0, count = 0;

	if (!team_of_route(req, resp, ctx, &me))
		return;
	int64_t idea = me.idea_id;
	enum team_verdict v = team_may_invite(&me.facts, ctx->user->id, 0, false, false);
	if (v != TEAM_OK) {
		refuse(req, resp, ctx, idea, team_verdict_status(v), team_verdict_message(v),
		       raw ? raw : "");
		return;
	}
	char *who = team_who_check(&req->arena, raw, &is_email, &problem);
	if (who != NULL && is_email) {
		who = account_normalise_email(&req->arena, who);
		if (who == NULL)
			problem = N_("Enter an e-mail address like name@example.org.");
	}
	if (who == NULL) {
		refuse(req, resp, ctx, idea, 422, problem, raw ? raw : "");
		return;
	}
	int found = find_person(ctx, who, is_email, &invitee);
	if (found < 0)
		goto fail;
	if (!is_email && found == 0) {
		refuse(req, resp, ctx, idea, 422,
		       N_("Nobody with this public name was found. Check the spelling, or invite "
			  "the person by their e-mail address."),
		       raw);
		return;
	}
	if (!is_email && found > 1) {
		refuse(req, resp, ctx, idea, 422,
		       N_("Several people have this public name. Invite the person by their "
			  "e-mail address."),
		       raw);
		return;
	}
	if (invitee > 0) {
		if (team_load(ctx, idea, invitee, &them) < 0)
			goto fail;
		v = team_may_invite(&me.facts, ctx->user->id, invitee, them.facts.is_coauthor,
				    them.invited);
		/*
		 * By e-mail address, only one's own address may be told apart;
		 * a member or an invited person gets the neutral answer too.
		 */
		if (v != TEAM_OK && !(is_email && (v == TEAM_ALREADY || v == TEAM_INVITED))) {
			refuse(req, resp, ctx, idea, team_verdict_status(v),
			       team_verdict_message(v), raw);
			return;
		}
		if (v == TEAM_OK) {
			/* The invitee's row first (the notification), then the idea's. */
			if (db_begin_write(ctx->db) != DB_OK)
				goto fail;
			if (notify_user(ctx->db, invitee, ctx->user->id, "invite", "idea", idea, 0,
					ctx->now) != DB_OK ||
			    count_locked(ctx, idea, &count) != DB_OK)
				goto fail_tx;
			if (count >= TEAM_MAX_COAUTHORS) {
				db_rollback(ctx->db);
				refuse(req, resp, ctx, idea, 422, team_verdict_message(TEAM_FULL),
				       raw);
				return;
			}
			struct db_stmt *st = db_stmt(ctx->db, STMT_team_invite);
			if (st == NULL)
				goto fail_tx;
			db_bind_i64(st, 1, idea);
			db_bind_i64(st, 2, invitee);
			db_bind_i64(st, 3, ctx->user->id);
			db_bind_i64(st, 4, ctx->now);
			if (db_run(st, NULL) < 0 || db_commit(ctx->db) != DB_OK)
				goto fail_tx;
		}
	}
	back_to_team(req, resp, idea, is_email ? "invited-email" : "invited");
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	log_warn("team invitation to idea %lld failed: %s", (long long)idea, db_errmsg(ctx->db));
	app_error(req, resp, 503, NULL);
}

void coauthors_accept(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct team_state me;
	int64_t count = 0;

	if (!team_of_route(req, resp, ctx, &me))
		return;
	int64_t idea = me.idea_id;
	if (!me.invited) {
		app_error(req, resp, 404, N_("There is no open invitation to this idea for you."));
		return;
	}
	enum team_verdict v = team_may_join(&me.facts);
	if (v != TEAM_OK) {
		refuse(req, resp, ctx, idea, team_verdict_status(v), team_verdict_message(v), NULL);
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	struct db_stmt *st = db_stmt(ctx->db, STMT_funnel_user_lock);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, ctx->user->id);
	if (db_run(st, NULL) < 0 || count_locked(ctx, idea, &count) != DB_OK)
		goto fail_tx;
	if (count >= TEAM_MAX_COAUTHORS && !me.facts.is_coauthor) {
		db_rollback(ctx->db);
		refuse(req, resp, ctx, idea, 422, team_verdict_message(TEAM_FULL), NULL);
		return;
	}
	if (run_pair(ctx, STMT_team_invitation_delete, idea, ctx->user->id, 0) != DB_OK)
		goto fail_tx;
	if (db_changes(ctx->db) != 1) {
		/* Declined or accepted at the same moment in another tab. */
		db_rollback(ctx->db);
		app_error(req, resp, 404, N_("There is no open invitation to this idea for you."));
		return;
	}
	if (run_pair(ctx, STMT_team_member_add, idea, ctx->user->id, ctx->now) != DB_OK ||
	    db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	back_to_team(req, resp, idea, "joined");
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}

void coauthors_decline(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct team_state me;

	if (!team_of_route(req, resp, ctx, &me))
		return;
	if (!me.invited) {
		app_error(req, resp, 404, N_("There is no open invitation to this idea for you."));
		return;
	}
	if (run_pair(ctx, STMT_team_invitation_delete, me.idea_id, ctx->user->id, 0) != DB_OK) {
		app_error(req, resp, 503, NULL);
		return;
	}
	back_to_team(req, resp, me.idea_id, "declined");
}

void coauthors_leave(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct team_state me;

	if (!team_of_route(req, resp, ctx, &me))
		return;
	if (team_may_leave(&me.facts) != TEAM_OK) {
		app_error(req, resp, 404, N_("You are not a co-author of this idea."));
		return;
	}
	if (run_pair(ctx, STMT_team_member_delete, me.idea_id, ctx->user->id, 0) != DB_OK) {
		app_error(req, resp, 503, NULL);
		return;
	}
	back_to_team(req, resp, me.idea_id, "left");
}

void coauthors_remove(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct team_state me, them;
	int64_t user = 0;

	if (!team_of_route(req, resp, ctx, &me))
		return;
	int64_t idea = me.idea_id;
	/* Permission before anything about the person is looked at. */
	if (ctx->user->id != me.facts.author_id) {
		refuse(req, resp, ctx, idea, 403, team_verdict_message(TEAM_NOT_AUTHOR), NULL);
		return;
	}
	if (!app_parse_id(http_form(req, "user"), &user)) {
		app_error(req, resp, 404, team_verdict_message(TEAM_NOT_COAUTHOR));
		return;
	}
	if (team_load(ctx, idea, user, &them) < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	enum team_verdict v = team_may_remove(&them.facts, ctx->user->id);
	if (v != TEAM_OK) {
		refuse(req, resp, ctx, idea, team_verdict_status(v), team_verdict_message(v), NULL);
		return;
	}
	if (run_pair(ctx, STMT_team_member_delete, idea, user, 0) != DB_OK) {
		app_error(req, resp, 503, NULL);
		return;
	}
	back_to_team(req, resp, idea, "removed");
}

/* ---- the idea page's section ---- */

static const struct {
	const char *code;
	const char *msgid;
} team_notices[] = {
	{"invited", N_("The invitation has been sent. The person finds it among their "
		       "notifications.")},
	{"invited-email", N_("If an account uses this e-mail address, its owner has been invited "
			     "and finds the invitation among their notifications.")},
	{"joined", N_("You have joined the team of this idea.")},
	{"declined", N_("You have declined the invitation.")},
	{"left", N_("You have left the team of this idea.")},
	{"removed", N_("The co-author has been removed from the team.")},
};

int coauthors_load(struct http_request *req, struct app_ctx *ctx, int64_t idea_id,
		   int64_t author_id, const char *author, bool hidden,
		   const struct team_problem *problem, struct idea_team *team)
{
	int64_t me = app_user_id(ctx);
	struct team_facts facts = {.author_id = author_id, .hidden = hidden};
	int rc;

	memset(team, 0, sizeof(*team));
	team->idea_id = idea_id;
	team->author = author;
	team->members = arena_calloc(&req->arena, TEAM_ROWS, sizeof(*team->members));
	struct db_stmt *st = db_stmt(ctx->db, STMT_team_of_idea);
	if (team->members == NULL || st == NULL)
		return -1;
	if (me > 0)
		team->csrf = app_csrf(req, NULL);
	db_bind_i64(st, 1, idea_id);
	db_bind_i64(st, 2, me);
	db_bind_i64(st, 3, TEAM_ROWS);
	while ((rc = db_step(st)) == DB_ROW) {
		if (db_col_i64(st, 2) != 0) {
			team->invited = true;
			team->inviter = db_col_dup(st, 1, &req->arena);
			if (team->inviter != NULL && team->inviter[0] == '\0')
				team->inviter = NULL; /* that account is gone */
			continue;
		}
		if (team->members_count == TEAM_ROWS)
			continue;
		struct team_member *m = &team->members[team->members_count++];
		m->id = db_col_i64(st, 0);
		m->idea_id = idea_id;
		m->name = db_col_dup(st, 1, &req->arena);
		m->csrf = team->csrf;
		m->can_remove = me > 0 && me == author_id && !hidden;
		if (m->id == me)
			facts.is_coauthor = true;
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	facts.coauthors = (int64_t)team->members_count;
	team->can_invite = team_may_invite(&facts, me, 0, false, false) == TEAM_OK;
	team->full = team_is_member(&facts, me) && facts.coauthors >= TEAM_MAX_COAUTHORS;
	team->can_leave = team_may_leave(&facts) == TEAM_OK;
	const char *code = http_query(req, "team");
	for (size_t i = 0; code != NULL && i < sizeof(team_notices) / sizeof(team_notices[0]); i++)
		if (strcmp(code, team_notices[i].code) == 0)
			team->notice = tr(ctx->lang, team_notices[i].msgid);
	if (problem != NULL) {
		if (problem->invite_form && team->can_invite) {
			team->invite_error = problem->message;
			team->invite_value = problem->who;
		} else {
			team->error = problem->message;
		}
	}
	team->show = team->members_count > 0 || team->invited || team->can_invite ||
		     team->can_leave || team->notice != NULL || team->error != NULL;
	if (team->members_count == 0)
		team->members = NULL;
	return 0;
}
