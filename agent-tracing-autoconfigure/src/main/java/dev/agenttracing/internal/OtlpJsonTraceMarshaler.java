package dev.agenttracing.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;

import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * The one adapter to the OpenTelemetry SDK's internal OTLP trace marshaler, which writes an
 * {@code ExportTraceServiceRequest} in the protobuf JSON mapping: the OTLP/JSON file format,
 * for which the SDK has no public API. The JSONL and semantic-conventions tests fail when the
 * SDK changes it.
 *
 * @author agent-tracing
 */
public final class OtlpJsonTraceMarshaler {

	/** The internal class, for a condition that backs off when the SDK drops it. */
	public static final String MARSHALER_CLASS = "io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler";

	private OtlpJsonTraceMarshaler() {
	}

	/**
	 * Write the spans as one OTLP/JSON request.
	 * @param spans the spans
	 * @param out where the JSON goes (one line, no line break)
	 * @throws IOException if writing fails
	 */
	public static void writeJson(Collection<SpanData> spans, OutputStream out) throws IOException {
		TraceRequestMarshaler.create(spans).writeJsonTo(out);
	}

}
