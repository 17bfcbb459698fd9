/* money.c - is a column money? Decided by its type or the words of its name. */
#include <ctype.h>
#include <string.h>

#include "rules/rule.h"

/* Words that make a numeric column money on their own. */
static const char *const S_strong[] = {
    "price", "prices", "amount", "amounts", "cost", "costs", "fee", "fees", "balance", "balances",
    "tax", "taxes", "vat", "payment", "payments", "salary", "salaries", "wage", "wages", "revenue",
    "revenues", "refund", "refunds", "refunded", "charge", "charges", "charged", "payout", "payouts",
    "subtotal", "money", "cash", "cents", "tip", "tips", "tipped", "earnings", "income", "spend",
    "spent", "budget", "paid", "deposit", "deposits", "withdrawal", "debit", "credit", "msrp",
    "usd", "eur", "gbp", "jpy", "cny", "inr", "chf", "cad", "aud", "btc",
    "eth", "sat", "sats", "wei", "gwei", "algo", "usdc", "usdt", "invoiced", "billed", "gmv", "arr", "mrr", "ltv", "profit",
    "profits", "margin", "premium", "commission", "bounty", "donation", "donations", "freight",
    "postage", "fare", "fares", "surcharge", "rent", NULL};

/* "total" is money only among these words (order_total, grand_total, net_total). */
static const char *const S_weak[] = {"total", "totals", NULL};
static const char *const S_weak_context[] = {
    "grand", "sub", "order", "orders", "invoice", "cart", "basket", "net", "gross", "line", "final",
    "checkout", "purchase", "sale", "sales", "bill", "receipt", "micro", "minor", "major", NULL};

/* Words that mean "not an amount of money". */
static const char *const S_exclude[] = {
    "id", "ids", "uuid", "key", "count", "counts", "num", "number", "qty", "quantity", "quantities",
    "rate", "rates", "ratio", "percent", "percentage", "pct", "bps", "score", "rank", "ranking",
    "version", "level", "index", "idx", "seq", "sequence", "position", "precision", "scale",
    "digits", "decimals", "currency", "type", "kind", "status", "state", "flag", "enabled", "is",
    "has", "at", "on", "date", "time", "timestamp", "year", "month", "week", "day", "days", "hour",
    "hours", "minute", "minutes", "second", "seconds", "period", "interval", "frequency",
    "attempts", "retries", "tier", "factor", "multiplier", "weight", "height", "width", "length",
    "size", "bytes", "items", "units", "points", "votes", "likes", "views", "clicks", "users",
    "members", "code", "name", "text", "hash", "url", "mode", "method",
    NULL};

static bool S_in(const char *const *list, const char *w)
{
    for (; *list; list++)
        if ((*list)[0] == w[0] && strcmp(*list, w) == 0)
            return true;
    return false;
}

typedef DBL_ARRAY(const char *) S_words;

static bool S_in_cfg(const S_words *list, const char *w)
{
    for (uint32_t i = 0; i < list->size; i++)
        if (strcasecmp(list->items[i], w) == 0)
            return true;
    return false;
}

/* Splits a column name into lower-case words: on '_', digits, other
 * punctuation and camelCase boundaries (userId, totalUSD, HTTPStatus). */
static uint32_t S_split(const char *name, char words[][64], uint32_t max)
{
    uint32_t n = 0, len = 0;
    size_t L = strlen(name);
    for (size_t i = 0; i <= L; i++) {
        unsigned char c = (unsigned char)name[i];
        bool boundary = !isalpha(c);
        bool upper_start = false;
        if (!boundary && isupper(c) && i > 0) {
            unsigned char p = (unsigned char)name[i - 1], nx = (unsigned char)name[i + 1];
            upper_start = islower(p) || (isupper(p) && islower(nx));
        }
        if ((boundary || upper_start) && len > 0) {
            if (n < max)
                words[n++][len] = '\0';
            len = 0;
        }
        if (!boundary && n < max && len < 63)
            words[n][len++] = (char)tolower(c);
    }
    return n;
}

bool dbl_money_name(const dbl_config *cfg, const char *column)
{
    char words[16][64];
    uint32_t n = S_split(column, words, 16);
    bool strong = false, weak = false, other = false;
    for (uint32_t i = 0; i < n; i++) {
        const char *w = words[i];
        if (S_in(S_exclude, w) || (cfg && S_in_cfg((const S_words *)&cfg->money_exclude_words, w)))
            return false;
        bool is_strong = cfg && cfg->money_words_set ? S_in_cfg((const S_words *)&cfg->money_words, w)
                                                     : S_in(S_strong, w);
        if (!is_strong && cfg)
            is_strong = S_in_cfg((const S_words *)&cfg->money_extra_words, w);
        if (is_strong)
            strong = true;
        else if (S_in(S_weak, w))
            weak = true;
        else if (!S_in(S_weak_context, w))
            other = true;
    }
    return strong || (weak && !other);
}

bool dbl_money_like(const dbl_config *cfg, const char *column, const dbl_typeinfo *type)
{
    if (type->array_dims)
        return false;
    switch (type->cls) {
    case DBL_TC_MONEY:
        return true;
    case DBL_TC_INTEGER:
    case DBL_TC_NUMERIC:
    case DBL_TC_FLOAT:
        return dbl_money_name(cfg, column);
    default:
        return false;
    }
}
