/*
 * funnel.h - what other features may use of the funnel (challenges,
 * ideas, supports, idea teams, attachments): its rules (phases, idea
 * statuses, who may do what, validation), the rules of attachments,
 * merging a duplicate idea into another (merge.h), and
 * the group committer of supports for the server's start and /metrics.
 * The funnel's handlers share internal.h, which no other feature reads.
 */
#ifndef OIC_FUNNEL_FUNNEL_H
#define OIC_FUNNEL_FUNNEL_H

#include "features/funnel/attachment_rules.h"
#include "features/funnel/merge.h"
#include "features/funnel/rules.h"
#include "features/funnel/support_batch.h"

#endif
