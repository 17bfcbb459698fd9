-- Identifiers longer than 63 bytes are truncated (NOTICE), and generated
-- names are shortened to fit: the longer of the table and column parts is
-- cut first. Multi-byte characters are never cut in half.
CREATE TABLE this_is_a_very_long_table_name_that_goes_past_the_sixty_three_byte_limit_for_sure (
    id int PRIMARY KEY,
    a_column_name_that_is_also_quite_long_for_a_column_but_still_legal int,
    short int,
    ref int
);
CREATE INDEX ON this_is_a_very_long_table_name_that_goes_past_the_sixty_three_byte_limit_for_sure (short);
CREATE INDEX ON this_is_a_very_long_table_name_that_goes_past_the_sixty_three_byte_limit_for_sure (a_column_name_that_is_also_quite_long_for_a_column_but_still_legal);
CREATE INDEX ON this_is_a_very_long_table_name_that_goes_past_the_sixty_three_byte_limit_for_sure (a_column_name_that_is_also_quite_long_for_a_column_but_still_legal);
CREATE INDEX ON this_is_a_very_long_table_name_that_goes_past_the_sixty_three_byte_limit_for_sure (short, a_column_name_that_is_also_quite_long_for_a_column_but_still_legal);

CREATE TABLE tbl (
    id int PRIMARY KEY,
    column_number_one_with_a_long_name int,
    column_number_two_with_a_long_name int,
    column_number_three_with_a_long_name int
);
CREATE INDEX ON tbl (column_number_one_with_a_long_name, column_number_two_with_a_long_name, column_number_three_with_a_long_name);
ALTER TABLE tbl ADD UNIQUE (column_number_one_with_a_long_name, column_number_two_with_a_long_name);

-- explicit long index name, referenced later by its full spelling
CREATE INDEX an_index_name_that_is_definitely_longer_than_sixty_three_bytes_in_total ON tbl (id);
ALTER INDEX an_index_name_that_is_definitely_longer_than_sixty_three_bytes_in_total_and_more RENAME TO renamed_long_index;

-- referencing the long table by its full (untruncated) name works
CREATE TABLE child (
    id int PRIMARY KEY,
    parent_id int REFERENCES this_is_a_very_long_table_name_that_goes_past_the_sixty_three_byte_limit_for_sure (id)
);

-- multi-byte: 40 two-byte characters = 80 bytes
CREATE TABLE "ääääääääääääääääääääääääääääääääääääääää" (
    "öööööööööööööööööööö" int PRIMARY KEY
);
CREATE INDEX ON "ääääääääääääääääääääääääääääääääääääääää" ("öööööööööööööööööööö");
