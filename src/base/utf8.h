/*
 * utf8.h - validation of untrusted text.
 *
 * Every byte string that reaches the application from outside (path,
 * query, form fields, headers we read) is validated here first: well-formed
 * UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF)
 * and no NUL byte, so later code may treat it as a C string.
 */
#ifndef OIC_BASE_UTF8_H
#define OIC_BASE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..n) is well-formed UTF-8 without NUL bytes. */
bool utf8_valid(const char *s, size_t n);

/* Number of code points in valid UTF-8 s[0..n). */
size_t utf8_length(const char *s, size_t n);

/*
 * True when the text contains a C0 control character other than TAB, LF
 * and CR, or DEL.  Form fields that are single lines refuse these.
 */
bool utf8_has_controls(const char *s, size_t n);

#endif
