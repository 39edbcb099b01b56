-- 0031: organisations in the order the pages list them (lower(name), id):
-- the opportunities board's organisation filter and the posting form's
-- choice walk this index and stop after their limit, instead of sorting
-- every organisation of the city on each page (2-3 ms with 5,000).
CREATE INDEX organisations_by_name ON organisations (lower(name), id);
