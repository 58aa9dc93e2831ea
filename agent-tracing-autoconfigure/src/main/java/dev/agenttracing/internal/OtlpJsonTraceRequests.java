package dev.agenttracing.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;

import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * The one adapter to the OpenTelemetry SDK's internal OTLP marshaler,
 * {@code TraceRequestMarshaler}: it encodes spans as one
 * {@code ExportTraceServiceRequest} in the protobuf JSON mapping, the line format of
 * OTLP/JSON files.
 * <p>
 * No public API serves a file of our own layout: the SDK's public
 * {@code OtlpJsonLoggingSpanExporter} writes each batch to {@code java.util.logging}, and
 * the exporter that takes an {@code OutputStream} ({@code OtlpStdoutSpanExporter}) is in
 * an {@code internal} package too. Going through the logger would cost a {@code String}
 * and a log record per trace and depend on a logger name, which is no more stable than
 * this class. {@code OtlpJsonTraceRequestsTests} decodes the output with the official
 * proto classes and fails when the marshaler moves or changes its output.
 *
 * @author agent-tracing
 */
public final class OtlpJsonTraceRequests {

	/**
	 * The SDK's class this adapter uses, for a condition that needs it on the classpath.
	 */
	public static final String MARSHALER_CLASS = "io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler";

	private OtlpJsonTraceRequests() {
	}

	/**
	 * Write the spans as one {@code ExportTraceServiceRequest} in the protobuf JSON
	 * mapping, on one line (no line break is written).
	 * @param spans the spans, of any number of resources and scopes
	 * @param output where to write; not closed
	 * @throws IOException if the output cannot be written
	 */
	public static void writeJson(Collection<SpanData> spans, OutputStream output) throws IOException {
		TraceRequestMarshaler.create(spans).writeJsonTo(output);
	}

}
