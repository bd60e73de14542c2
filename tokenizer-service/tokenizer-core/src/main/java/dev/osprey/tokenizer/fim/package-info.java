/**
 * Fill-in-the-middle prompts: detects which FIM layout a vocabulary supports
 * ({@link dev.osprey.tokenizer.fim.FimFormats#detect}) and builds the prompt as token ids
 * ({@link dev.osprey.tokenizer.fim.FimPromptBuilder}), special tokens by id and user code encoded
 * without special-token parsing, plus the ids that end the generated middle
 * ({@link dev.osprey.tokenizer.fim.FimSpec#stopIds()}). The layouts and their sources are listed
 * on {@link dev.osprey.tokenizer.fim.FimFormat}.
 */
package dev.osprey.tokenizer.fim;
