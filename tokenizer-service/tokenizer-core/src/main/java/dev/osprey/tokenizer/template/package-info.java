/**
 * Chat templates: the Jinja2 templates models ship ({@code tokenizer.chat_template} in GGUF,
 * {@code chat_template} in tokenizer_config.json), rendered with HubSpot's jinjava so that the
 * prompt matches what Hugging Face transformers' {@code apply_chat_template} produces with Python's
 * jinja2. Entry points: {@link dev.osprey.tokenizer.template.ChatTemplates#forVocabulary} and
 * {@link dev.osprey.tokenizer.template.ChatTemplate}.
 *
 * <h2>The environment (as transformers builds it)</h2>
 * <ul>
 *   <li>{@code trim_blocks} and {@code lstrip_blocks} on, {@code keep_trailing_newline} off;
 *       {@code {%- -%}}, {@code {{- -}}}, {@code {#- -#}}, {@code {%+ +%}} whitespace control.
 *   <li>Variables: {@code messages} (mappings with {@code role}, {@code content}),
 *       {@code add_generation_prompt}, {@code bos_token}, {@code eos_token}, {@code unk_token},
 *       {@code pad_token}, {@code sep_token}, {@code mask_token} (those the vocabulary has), and
 *       caller variables such as {@code tools}, {@code documents}, {@code enable_thinking}. What is
 *       not passed is undefined: falsy, printed as nothing, {@code is defined} false,
 *       {@code is none} true.
 *   <li>Globals {@code raise_exception(msg)} (a {@link dev.osprey.tokenizer.template.TemplateException}
 *       with reason {@code RAISED} and the template's message) and {@code strftime_now(fmt)}
 *       (Python strftime directives, C locale, the template's clock), {@code namespace()},
 *       {@code range()}.
 *   <li>Tags {@code if/elif/else}, {@code for} (with {@code loop.index/index0/first/last/length},
 *       loop filters {@code for x in xs if cond}, tuple unpacking), {@code set} (including
 *       {@code set ns.attr} and block {@code set}), {@code macro}, {@code call}, {@code raw},
 *       {@code break}, {@code continue}, {@code generation}; {@code for ... else}. Anything else,
 *       notably {@code include}, {@code import}, {@code extends}, {@code do} and the {@code filter}
 *       block, is rejected at compile time.
 *   <li>Expressions with Python precedence: filters bind tighter than {@code +}/{@code ~}
 *       ({@code 'a' + x | trim}), {@code not} looser than tests and comparisons
 *       ({@code not x is defined}); keyword arguments take whole expressions
 *       ({@code namespace(n=messages|length - 1)}); string literals decode Python escapes
 *       ({@code \n}, {@code \x41}, octal and unicode escapes); {@code in}, {@code not in}, {@code is},
 *       {@code is not}; indexing and slicing with Python's rules, steps included
 *       ({@code messages[-1]}, {@code messages[1:]}, {@code messages[::-1]}, {@code s[-1]}).
 *   <li>String methods with Python semantics: {@code strip/lstrip/rstrip([chars])},
 *       {@code startswith/endswith(str or tuple[, start[, end]])}, {@code split/rsplit([sep[, maxsplit]])},
 *       {@code splitlines}, {@code upper}, {@code lower}, {@code title}, {@code capitalize},
 *       {@code replace}, {@code find}, {@code count}, {@code join}. Other methods on strings fail
 *       (Java's are not reachable). Dicts have {@code items()}, {@code keys()}, {@code values()},
 *       {@code get()}.
 *   <li>Filters: jinjava's library (which has jinja2's: {@code trim}, {@code length},
 *       {@code join}, {@code map}, {@code selectattr}, {@code default}, {@code lower},
 *       {@code upper}, {@code list}, {@code string}, ...), with {@code tojson} replaced by Python's
 *       {@code json.dumps(ensure_ascii=False)} ({@code ", "} / {@code ": "} separators, {@code indent},
 *       {@code separators}, {@code sort_keys}). Unknown filters and tests fail at compile time.
 * </ul>
 *
 * <h2>Differences from jinja2 that remain</h2>
 * jinjava cannot tell {@code none} from undefined, so a variable explicitly bound to null counts as
 * not defined and {@code {{ none }}} prints nothing (jinja2 prints "None"); booleans print as
 * {@code True}/{@code False} only at the top of an expression ({@code 'x' ~ true} gives "xtrue");
 * {@code str * int} repetition and {@code \N{name}} escapes are not supported (they fail, never
 * render wrongly); expression syntax errors in a branch that never runs are not found at compile
 * time. Message text is never interpreted as template code.
 */
package dev.osprey.tokenizer.template;
