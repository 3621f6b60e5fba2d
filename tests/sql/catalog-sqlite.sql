-- A normalized SQLite catalog: columns, foreign keys and indexes of every table.
SELECT 'column', m.name, p.name, lower(p.type), p."notnull", coalesce(p.dflt_value, ''), p.pk
FROM sqlite_master m, pragma_table_info(m.name) p
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY 2, 3;
SELECT 'fk', m.name, f."table", f."from", f."to", f.on_delete
FROM sqlite_master m, pragma_foreign_key_list(m.name) f
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY 2, 3, 4;
SELECT 'index', m.name, i.name, i."unique", i.origin
FROM sqlite_master m, pragma_index_list(m.name) i
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND i.origin <> 'pk' AND i.name NOT LIKE 'sqlite_autoindex_%' ORDER BY 2, 3;
SELECT 'unique', m.name, group_concat(ii.name, ',')
FROM sqlite_master m, pragma_index_list(m.name) i, pragma_index_info(i.name) ii
WHERE m.type = 'table' AND i.origin = 'u' GROUP BY m.name, i.name ORDER BY 2, 3;
