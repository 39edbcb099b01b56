/*
 * projects.h - what other features may use of pilot projects: their
 * rules (statuses, who manages them, validation; rules.h).
 */
#ifndef OIC_PROJECTS_PROJECTS_H
#define OIC_PROJECTS_PROJECTS_H

#include "features/projects/rules.h"

#endif
