package dev.agenttracing.export;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.logging.Logger;

import io.opentelemetry.contrib.disk.buffering.storage.impl.FileSpanStorage;
import io.opentelemetry.contrib.disk.buffering.storage.impl.FileStorageConfiguration;
import io.opentelemetry.contrib.disk.buffering.storage.result.WriteResult;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.internal.DiskBufferingLogging;

/**
 * The spool's files, in OpenTelemetry contrib's disk-buffering format (length-delimited
 * OTLP protobuf): the one class that uses that library, whose API is still alpha (the one
 * name it has in an internal package is in {@link DiskBufferingLogging}).
 * <p>
 * Its iterator hands out one stored batch at a time and deletes it when the next one is
 * asked for. A batch that failed to send must be sent again, not skipped, so it is kept
 * here until {@link #removeLast()} and the iterator is only advanced after it.
 *
 * @author agent-tracing
 */
final class ContribSpoolStorage implements SpoolStorage {

	// The library logs every failed write at WARNING; the spool reports them once itself.
	// Held here because the logging framework keeps loggers weakly.
	private static final Logger WRITE_FAILURES = DiskBufferingLogging.quietWriteFailures();

	private final FileSpanStorage storage;

	private final Iterator<Collection<SpanData>> batches;

	private @Nullable Collection<SpanData> current;

	ContribSpoolStorage(File directory, long maxBytes, Duration maxAge, Duration resendDelay) {
		long writeWindow = resendDelay.toMillis();
		// A file is read only after it is closed to writes: a margin past its write
		// window.
		long readAfter = writeWindow + Math.max(1, writeWindow / 10);
		int folderSize = (int) maxBytes;
		int fileSize = (int) Math.max(1024, Math.min(1024 * 1024, maxBytes / 8));
		FileStorageConfiguration configuration = FileStorageConfiguration.builder()
			.setMaxFileAgeForWriteMillis(writeWindow)
			.setMinFileAgeForReadMillis(readAfter)
			.setMaxFileAgeForReadMillis(maxAge.toMillis())
			.setMaxFileSize(fileSize)
			.setMaxFolderSize(folderSize)
			.build();
		this.storage = FileSpanStorage.create(directory, configuration);
		this.batches = this.storage.iterator();
	}

	@Override
	public void write(Collection<SpanData> spans) throws IOException {
		WriteResult result = this.storage.write(spans).join();
		if (!result.isSuccessful()) {
			Throwable error = result.getError();
			throw (error instanceof IOException io) ? io : new IOException("the spool did not take the batch", error);
		}
	}

	@Override
	public synchronized @Nullable Collection<SpanData> next() {
		if (this.current == null && this.batches.hasNext()) {
			this.current = this.batches.next();
		}
		return this.current;
	}

	@Override
	public synchronized void removeLast() {
		if (this.current != null) {
			this.batches.remove();
			this.current = null;
		}
	}

	@Override
	public void close() throws IOException {
		this.storage.close();
	}

}
