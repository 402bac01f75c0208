-- The live workers: each RabbitMQ worker writes a heartbeat every Bus:WorkerHeartbeat and reads who
-- else is alive, to share the event partitions out by rendezvous hashing (deploy/rabbitmq.md).
-- partitions lists those the worker owned at its last heartbeat (for people: who consumes what).
-- Times are milliseconds since 1970 on the database's clock, so the workers' clocks do not matter.
CREATE TABLE workers (
    worker_id    TEXT NOT NULL PRIMARY KEY,
    host         TEXT NOT NULL,
    started_ms   INTEGER NOT NULL,
    heartbeat_ms INTEGER NOT NULL,
    partitions   TEXT NOT NULL
);
