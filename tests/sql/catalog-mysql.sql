-- A normalized MariaDB/MySQL catalog of the current database: what a migration must reproduce.
SELECT 'column', table_name, column_name, column_type, is_nullable, coalesce(column_default, ''), extra, column_comment
FROM information_schema.columns WHERE table_schema = DATABASE() ORDER BY table_name, column_name;
SELECT 'table', table_name, table_comment FROM information_schema.tables
WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name;
SELECT 'index', table_name, index_name, non_unique, group_concat(column_name ORDER BY seq_in_index SEPARATOR ',')
FROM information_schema.statistics WHERE table_schema = DATABASE()
GROUP BY table_name, index_name, non_unique ORDER BY table_name, index_name;
SELECT 'fk', k.table_name, k.constraint_name, group_concat(k.column_name ORDER BY k.ordinal_position SEPARATOR ','),
       k.referenced_table_name, group_concat(k.referenced_column_name ORDER BY k.ordinal_position SEPARATOR ','),
       r.delete_rule, r.update_rule
FROM information_schema.key_column_usage k
JOIN information_schema.referential_constraints r ON r.constraint_schema = k.constraint_schema AND r.constraint_name = k.constraint_name AND r.table_name = k.table_name
WHERE k.table_schema = DATABASE() AND k.referenced_table_name IS NOT NULL
GROUP BY k.table_name, k.constraint_name, k.referenced_table_name, r.delete_rule, r.update_rule ORDER BY 2, 3;
SELECT 'check', table_name, constraint_name, check_clause FROM information_schema.check_constraints
WHERE constraint_schema = DATABASE() ORDER BY 2, 3;
