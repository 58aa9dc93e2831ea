package dev.agenttracing.benchmarks;

import dev.agenttracing.annotation.Tool;

/**
 * The tool of the content-recording case (7): it takes a document, so that with content
 * recording on, the whole document is redacted and recorded as
 * {@code gen_ai.tool.call.arguments}.
 *
 * @author agent-tracing
 */
public class DocumentTool {

	@Tool(name = "summarize", description = "Summarizes a document")
	public int summarize(String document) {
		return document.length();
	}

}
