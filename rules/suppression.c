/* suppression.c - the rules that keep dbl-ignore comments honest (reported by the engine, lint/lint.c). */
#include "rules/rule.h"

const dbl_rule dbl_rule_unused_suppression = {
    .name = "unused-suppression",
    .severity = DBL_SEV_WARNING,
    .summary = "a dbl-ignore comment that suppressed nothing",
    .rationale = "A suppression outlives the finding it silenced: the index was added, the column "
                 "renamed, the statement moved. Left in place it reads as a known problem that is "
                 "not there, and it silently swallows the next real finding of that rule on the statement.",
    .bad = "CREATE TABLE users (id bigint PRIMARY KEY);\n"
           "-- dbl-ignore fk-without-index: small table\n"
           "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);\n"
           "CREATE INDEX ON orders (user_id);",
    .good = "CREATE TABLE users (id bigint PRIMARY KEY);\n"
            "-- dbl-ignore fk-without-index: small table\n"
            "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);",
    .fix = "delete the suppression (the fix deletes it), or the rule it no longer needs",
    .object_keys = "file, rules",
};

const dbl_rule dbl_rule_missing_reason = {
    .name = "missing-reason",
    .severity = DBL_SEV_WARNING,
    .summary = "a dbl-ignore comment without a reason, when the configuration sets require_reason",
    .rationale = "A suppression is a decision; without its reason the next reader cannot tell whether it "
                 "still holds, and review cannot judge it. Reported only with \"require_reason\": true.",
    .bad = "CREATE TABLE users (id bigint PRIMARY KEY);\n"
           "-- dbl-ignore fk-without-index\n"
           "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);",
    .good = "CREATE TABLE users (id bigint PRIMARY KEY);\n"
            "-- dbl-ignore fk-without-index: at most 20 rows, never deleted from\n"
            "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);",
    .fix = "write the reason after a colon: -- dbl-ignore rule: reason",
    .object_keys = "file, rules",
};
