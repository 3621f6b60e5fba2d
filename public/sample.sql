-- A sample schema to try erdsmith with: a small shop (PostgreSQL).
-- Edit it here or in the diagram: both stay in step. Press ? for the shortcuts.

CREATE TABLE customer (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email       varchar(254) NOT NULL UNIQUE,
    full_name   text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE customer IS 'People who buy from the shop';

CREATE TABLE product (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku         varchar(32) NOT NULL UNIQUE,
    name        text NOT NULL,
    price       numeric(10,2) NOT NULL CHECK (price >= 0)
);

CREATE TABLE orders (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customer (id),
    placed_at   timestamptz NOT NULL DEFAULT now(),
    status      varchar(16) NOT NULL DEFAULT 'open'
);
CREATE INDEX orders_customer_id_idx ON orders (customer_id);

CREATE TABLE order_line (
    order_id    bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line_no     integer NOT NULL,
    product_id  bigint NOT NULL REFERENCES product (id),
    quantity    integer NOT NULL CHECK (quantity > 0),
    unit_price  numeric(10,2) NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

CREATE VIEW order_totals AS
    SELECT o.id, o.customer_id, sum(l.quantity * l.unit_price) AS total
    FROM orders o JOIN order_line l ON l.order_id = o.id
    GROUP BY o.id, o.customer_id;
