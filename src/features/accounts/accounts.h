/*
 * accounts.h - what other features may use of accounts: the rules for
 * e-mail addresses and passwords (rules.h).  Registration, login,
 * sessions' pages, the account page, export, deletion and personal
 * access tokens are this feature's own (account.c, tokens.c).
 */
#ifndef OIC_ACCOUNTS_ACCOUNTS_H
#define OIC_ACCOUNTS_ACCOUNTS_H

#include "features/accounts/rules.h"

#endif
