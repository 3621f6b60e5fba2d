-- A normalized catalog of the public schema: what a migration must reproduce exactly.
SELECT 'column', table_name, column_name, data_type, coalesce(character_maximum_length::text, ''),
       coalesce(numeric_precision::text, ''), coalesce(numeric_scale::text, ''), is_nullable,
       coalesce(column_default, ''), is_identity, coalesce(identity_generation, '')
FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
ORDER BY table_name, column_name;
SELECT 'constraint', conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid)
FROM pg_constraint WHERE connamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
ORDER BY 2, 3;
SELECT 'index', tablename, indexname, indexdef FROM pg_indexes
WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 2, 3;
SELECT 'enum', t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY 2;
SELECT 'comment', c.relname, coalesce(a.attname, ''), d.description
FROM pg_description d JOIN pg_class c ON c.oid = d.objoid
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid AND d.objsubid > 0
WHERE c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace) ORDER BY 2, 3;
