/**
 * Where finished agent runs go: assembling spans into run trees and rendering them.
 */
@NullMarked
package dev.agenttracing.export;

import org.jspecify.annotations.NullMarked;
