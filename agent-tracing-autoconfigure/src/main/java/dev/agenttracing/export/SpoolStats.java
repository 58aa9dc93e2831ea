package dev.agenttracing.export;

import java.io.File;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the spool did: spans it kept on disk after a failed export, spans it sent again,
 * and spans it could not keep (disk full, directory not writable), which are lost. Spool
 * files deleted unsent because the spool reached its size or age limit are not counted
 * per span.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class SpoolStats {

	private final File directory;

	private final LongAdder spooled = new LongAdder();

	private final LongAdder resent = new LongAdder();

	private final LongAdder dropped = new LongAdder();

	SpoolStats(File directory) {
		this.directory = directory;
	}

	void spooled(int spans) {
		this.spooled.add(spans);
	}

	void resent(int spans) {
		this.resent.add(spans);
	}

	void dropped(int spans) {
		this.dropped.add(spans);
	}

	/**
	 * The spool's directory.
	 * @return the directory
	 */
	public File getDirectory() {
		return this.directory;
	}

	/**
	 * Spans written to the spool since startup.
	 * @return the count
	 */
	public long getSpooled() {
		return this.spooled.sum();
	}

	/**
	 * Spooled spans delivered since startup, a spool left by an earlier run included.
	 * @return the count
	 */
	public long getResent() {
		return this.resent.sum();
	}

	/**
	 * Spans the spool could not keep since startup: they are lost.
	 * @return the count
	 */
	public long getDropped() {
		return this.dropped.sum();
	}

	/**
	 * Bytes the spool's files use now.
	 * @return the size, {@code 0} if the directory cannot be read
	 */
	public long getSizeOnDisk() {
		File[] files = this.directory.listFiles();
		long size = 0;
		if (files != null) {
			for (File file : files) {
				size += file.length();
			}
		}
		return size;
	}

}
