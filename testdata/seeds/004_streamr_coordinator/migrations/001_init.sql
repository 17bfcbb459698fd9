-- coordinator: DDL emitted by SQLAlchemy Base.metadata.create_all(engine)
-- (coordinator/app/models.py, Phase 2A/2B) captured with echo=True.

CREATE TABLE streams (
	id SERIAL NOT NULL,
	stream_id VARCHAR NOT NULL,
	sponsor_address VARCHAR NOT NULL,
	token_balance FLOAT,
	rtmp_url VARCHAR NOT NULL,
	status VARCHAR,
	created_at TIMESTAMP WITHOUT TIME ZONE,
	PRIMARY KEY (id)
);

CREATE INDEX ix_streams_id ON streams (id);

CREATE UNIQUE INDEX ix_streams_stream_id ON streams (stream_id);

CREATE TABLE nodes (
	id SERIAL NOT NULL,
	node_id VARCHAR NOT NULL,
	stream_id VARCHAR NOT NULL,
	stats_url VARCHAR NOT NULL,
	last_heartbeat TIMESTAMP WITHOUT TIME ZONE,
	status VARCHAR,
	created_at TIMESTAMP WITHOUT TIME ZONE,
	PRIMARY KEY (id),
	FOREIGN KEY(stream_id) REFERENCES streams (stream_id)
);

CREATE INDEX ix_nodes_id ON nodes (id);

CREATE UNIQUE INDEX ix_nodes_node_id ON nodes (node_id);

CREATE TABLE probe_results (
	id SERIAL NOT NULL,
	stream_id VARCHAR NOT NULL,
	node_id VARCHAR NOT NULL,
	probe_type VARCHAR NOT NULL,
	success BOOLEAN NOT NULL,
	response_data TEXT,
	error_message TEXT,
	probe_timestamp TIMESTAMP WITHOUT TIME ZONE,
	PRIMARY KEY (id),
	FOREIGN KEY(stream_id) REFERENCES streams (stream_id),
	FOREIGN KEY(node_id) REFERENCES nodes (node_id)
);

CREATE INDEX ix_probe_results_id ON probe_results (id);

CREATE INDEX ix_probe_results_node_id ON probe_results (node_id);
