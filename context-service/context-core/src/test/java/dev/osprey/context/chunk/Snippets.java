package dev.osprey.context.chunk;

/** Small realistic source files, one per language. */
final class Snippets {
    private Snippets() {
    }

    static final String JAVA = """
            package demo.cache;

            import java.util.HashMap;
            import java.util.Map;

            /** An LRU-ish cache. */
            public class Cache {
                private final Map<String, Integer> entries = new HashMap<>();
                private int hits;

                /** Looks up a key. */
                public Integer get(String key) {
                    Integer value = entries.get(key);
                    if (value != null) {
                        hits++;
                    }
                    return value;
                }

                static final class Stats {
                    int misses;

                    double hitRate(int hits) {
                        return hits / (double) (hits + misses);
                    }
                }
            }
            """;

    static final String PYTHON = """
            import os
            from typing import List

            LIMIT = 10


            class Walker:
                \"\"\"Walks a tree.\"\"\"

                def __init__(self, root):
                    self.root = root

                @staticmethod
                def list_files(path: str) -> List[str]:
                    return sorted(os.listdir(path))


            def main():
                print(Walker(".").list_files("."))
            """;

    static final String JAVASCRIPT = """
            import { readFile } from "fs";

            export class Loader {
              constructor(dir) {
                this.dir = dir;
              }

              load(name) {
                return readFile(this.dir + "/" + name);
              }
            }

            const parseJson = (text) => {
              return JSON.parse(text);
            };
            """;

    static final String TYPESCRIPT = """
            import { Request } from "./http";

            export interface Handler {
              handle(req: Request): string;
            }

            export class Router implements Handler {
              private routes: Map<string, Handler> = new Map();

              handle(req: Request): string {
                return this.routes.get(req.path)?.handle(req) ?? "404";
              }
            }

            export function route(path: string): string {
              return path.toLowerCase();
            }
            """;

    static final String GO = """
            package server

            import (
            	"fmt"
            	"net/http"
            )

            type Server struct {
            	addr string
            }

            func (s *Server) Start() error {
            	fmt.Println("listening on", s.addr)
            	return http.ListenAndServe(s.addr, nil)
            }

            func NewServer(addr string) *Server {
            	return &Server{addr: addr}
            }
            """;

    static final String RUST = """
            use std::collections::HashMap;

            pub struct Counter {
                counts: HashMap<String, usize>,
            }

            impl Counter {
                pub fn add(&mut self, word: &str) {
                    *self.counts.entry(word.to_string()).or_insert(0) += 1;
                }

                pub fn get(&self, word: &str) -> usize {
                    self.counts.get(word).copied().unwrap_or(0)
                }
            }

            fn main() {
                let mut c = Counter { counts: HashMap::new() };
                c.add("a");
            }
            """;

    static final String C = """
            #include <stdio.h>
            #include "buffer.h"

            static int counter = 0;

            int buffer_length(const struct buffer *b) {
                return b->len;
            }

            void print_buffer(const struct buffer *b) {
                printf("%.*s\\n", b->len, b->data);
            }
            """;

    static final String CPP = """
            #include <vector>

            namespace geo {

            class Polygon {
             public:
              explicit Polygon(std::vector<double> xs) : xs_(xs) {}

              double area() const {
                return 0.0;
              }

             private:
              std::vector<double> xs_;
            };

            double perimeter(const Polygon& p) {
              return p.area() * 2;
            }

            }  // namespace geo
            """;
}
