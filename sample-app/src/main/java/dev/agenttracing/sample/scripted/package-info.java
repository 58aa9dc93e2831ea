/**
 * The sample's model: an OpenAI-compatible chat completions endpoint on the loopback
 * interface, played by a script, so the sample runs with no API key and no network.
 */
@NullMarked
package dev.agenttracing.sample.scripted;

import org.jspecify.annotations.NullMarked;
