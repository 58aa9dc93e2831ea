package dev.agenttracing.export;

import java.io.Closeable;
import java.io.IOException;
import java.util.Collection;

import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link SpanSpool} keeps its batches: written in order, read oldest first, each
 * removed once it is sent.
 *
 * @author agent-tracing
 */
interface SpoolStorage extends Closeable {

	/**
	 * Keep a batch.
	 * @param spans the batch
	 * @throws IOException if it could not be kept (disk full, directory gone)
	 */
	void write(Collection<SpanData> spans) throws IOException;

	/**
	 * The oldest batch that may be sent now, the same one until {@link #removeLast()}.
	 * @return the batch, or {@code null} if none is ready
	 */
	@Nullable Collection<SpanData> next();

	/**
	 * Remove the batch {@link #next()} returned: it was delivered.
	 */
	void removeLast();

}
