/* unit_money.c - which column names read as money. */
#include "rules/rule.h"
#include "tests/harness.h"

int main(void)
{
    static const char *const money[] = {
        "price", "total_price", "unit_price", "amount", "amount_micro", "totalPrice", "priceUSD",
        "order_total", "grand_total", "total", "balance", "tax", "shipping_cost", "fee", "refund_amount",
        "total_tipped_micro", "credit_limit", "salary", "price2", "total_algo", "costUsd", "freight", NULL};
    static const char *const not_money[] = {
        "id", "price_id", "user_id", "tip_count", "stock_quantity", "discount_percentage", "tax_rate",
        "total_votes", "total_users", "count", "price_precision", "payment_day", "fee_pct", "amount_at",
        "currency", "discount", "score", "vote_total", "priceId", "total_items", NULL};
    for (int i = 0; money[i]; i++)
        OK(dbl_money_name(NULL, money[i]), "%s should read as money", money[i]);
    for (int i = 0; not_money[i]; i++)
        OK(!dbl_money_name(NULL, not_money[i]), "%s should not read as money", not_money[i]);

    dbl_config cfg;
    dbl_config_init(&cfg);
    dbl_array_push(&cfg.money_extra_words, "points");
    OK(!dbl_money_name(&cfg, "loyalty_points"), "an exclusion word still wins");
    dbl_array_clear(&cfg.money_extra_words);
    dbl_array_push(&cfg.money_extra_words, "bid");
    OK(dbl_money_name(&cfg, "bid"), "extra words add to the list");
    dbl_array_push(&cfg.money_exclude_words, "shipping");
    OK(!dbl_money_name(&cfg, "shipping_cost"), "exclude words remove");
    cfg.money_words_set = true;
    dbl_array_push(&cfg.money_words, "loot");
    OK(dbl_money_name(&cfg, "loot"), "money words replace the defaults");
    OK(!dbl_money_name(&cfg, "price"), "replaced defaults are gone");
    dbl_config_free(&cfg);

    dbl_typeinfo money_t = {.cls = DBL_TC_MONEY}, text_t = {.cls = DBL_TC_TEXT}, num = {.cls = DBL_TC_NUMERIC};
    OK(dbl_money_like(NULL, "anything", &money_t), "the money type is money");
    OK(!dbl_money_like(NULL, "price", &text_t), "a text price is not an amount");
    OK(dbl_money_like(NULL, "price", &num), "a numeric price is");
    num.array_dims = 1;
    OK(!dbl_money_like(NULL, "price", &num), "arrays are not");
    return harness_summary();
}
