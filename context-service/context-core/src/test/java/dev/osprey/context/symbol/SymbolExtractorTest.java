package dev.osprey.context.symbol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SymbolExtractorTest {
    private final SymbolExtractor extractor = new SymbolExtractor();

    /** {@code symbol kind lines signature}, one per definition, for exact comparison. */
    private List<String> summary(String path, String content) {
        return extractor.extract(path, content).definitions().stream()
                .map(d -> d.symbol() + " " + d.kind() + " " + d.startLine() + "-" + d.endLine() + " " + d.signature())
                .toList();
    }

    @Test
    void pythonDefinitionsWithDocstringsAndModuleNames() {
        String source = """
                import os
                MAX_SIDES = 12
                registry = {}

                # A shape with an area.
                class Shape(Base):
                    \"\"\"Abstract shape.\"\"\"
                    def area(self) -> float:
                        \"\"\"The area in square units.\"\"\"
                        return 0.0

                @cached
                def make(kind: str, *args):
                    return None
                """;
        FileSymbols file = extractor.extract("geo/shapes/__init__.py", source);
        assertEquals("geo.shapes", file.module());
        assertEquals(List.of(
                "MAX_SIDES CONSTANT 2-2 MAX_SIDES = 12",
                "registry VARIABLE 3-3 registry = {}",
                "Shape CLASS 5-10 class Shape(Base)",
                "Shape.area METHOD 8-10 def area(self) -> float",
                "make FUNCTION 12-14 def make(kind: str, *args)"), summary("geo/shapes/__init__.py", source));
        Definition shape = file.definitions().get(2);
        assertEquals("# A shape with an area.", shape.doc());
        assertEquals("geo.shapes.Shape", shape.qualifiedName());
        assertEquals("\"\"\"The area in square units.\"\"\"", file.definitions().get(3).doc());
    }

    @Test
    void javaTypesMembersAndConstants() {
        String source = """
                package com.acme.geo;

                import java.util.List;

                /** A polygon. */
                public final class Polygon implements Shape {
                    public static final int MAX = 64;
                    private int sides;

                    /** Its area. */
                    public double area() {
                        return 0;
                    }

                    interface Visitor {
                        void visit(Polygon p);
                    }
                }
                """;
        FileSymbols file = extractor.extract("src/main/java/com/acme/geo/Polygon.java", source);
        assertEquals("com.acme.geo", file.module());
        assertEquals(List.of(
                "Polygon CLASS 5-18 public final class Polygon implements Shape",
                "Polygon.MAX CONSTANT 7-7 public static final int MAX = 64;",
                "Polygon.area METHOD 10-13 public double area()",
                "Polygon.Visitor INTERFACE 15-17 interface Visitor",
                "Polygon.Visitor.visit METHOD 16-16 void visit(Polygon p);"),
                summary("src/main/java/com/acme/geo/Polygon.java", source));
        assertEquals("com.acme.geo.Polygon.area", file.definitions().get(2).qualifiedName());
        assertEquals("/** Its area. */", file.definitions().get(2).doc());
        assertEquals(1, file.imports().size());
    }

    @Test
    void typescriptFunctionsClassesInterfacesAndArrowConstants() {
        String source = """
                import { x } from './x';
                export interface Point { x: number; y: number }
                export type Id = string;
                export const ORIGIN = { x: 0, y: 0 };
                export const norm = (p: Point): number => {
                  return Math.hypot(p.x, p.y);
                };
                export class Grid {
                  cell(i: number): Point { return ORIGIN; }
                }
                function helper() {}
                """;
        assertEquals(List.of(
                "Point INTERFACE 2-2 interface Point { x: number; y: number }",
                "Id TYPE 3-3 type Id = string;",
                "ORIGIN CONSTANT 4-4 const ORIGIN = { x: 0, y: 0 };",
                "norm FUNCTION 5-7 const norm = (p: Point): number =>",
                "Grid CLASS 8-10 class Grid",
                "Grid.cell METHOD 9-9 cell(i: number): Point",
                "helper FUNCTION 11-11 function helper()"), summary("src/geo.ts", source));
    }

    @Test
    void goFunctionsMethodsTypesAndConstants() {
        String source = """
                package geo

                import "fmt"

                // Max is the largest size.
                const Max = 10

                // Point is a location.
                type Point struct {
                	X, Y int
                }

                type Shape interface {
                	Area() float64
                }

                func (p *Point) Norm() float64 { return 0 }

                func New(x int) Point { return Point{} }
                """;
        FileSymbols file = extractor.extract("pkg/geo/point.go", source);
        assertEquals("geo", file.module());
        assertEquals(List.of(
                "Max CONSTANT 5-6 const Max = 10",
                "Point TYPE 8-11 type Point struct { X, Y int }",
                "Shape INTERFACE 13-15 type Shape interface { Area() float64 }",
                "Point.Norm METHOD 17-17 func (p *Point) Norm() float64",
                "New FUNCTION 19-19 func New(x int) Point"), summary("pkg/geo/point.go", source));
        assertEquals("// Point is a location.", file.definitions().get(1).doc());
        assertEquals("geo.Point.Norm", file.definitions().get(3).qualifiedName());
    }

    @Test
    void rustItemsImplsTraitsAndInlineModules() {
        String source = """
                use crate::util::clamp;
                mod shapes;

                /// A point.
                #[derive(Debug)]
                pub struct Point { x: i32 }

                impl Point {
                    pub fn norm(&self) -> f64 { 0.0 }
                }

                pub trait Area {
                    fn area(&self) -> f64;
                }

                pub const MAX: usize = 3;

                mod inner {
                    pub fn helper() {}
                }
                """;
        FileSymbols file = extractor.extract("src/geo/mod.rs", source);
        assertEquals("geo", file.module());
        assertEquals(List.of(
                "Point TYPE 4-6 pub struct Point { x: i32 }",
                "Point.norm METHOD 9-9 pub fn norm(&self) -> f64",
                "Area INTERFACE 12-14 pub trait Area",
                "Area.area METHOD 13-13 fn area(&self) -> f64;",
                "MAX CONSTANT 16-16 pub const MAX: usize = 3;",
                "inner MODULE 18-20 mod inner",
                "inner.helper FUNCTION 19-19 pub fn helper()"), summary("src/geo/mod.rs", source));
        assertEquals("/// A point.\n#[derive(Debug)]", file.definitions().getFirst().doc());
        assertEquals(List.of("crate::util", "self::shapes"), file.imports().stream().map(Import::spec).toList());
    }

    @Test
    void cHeaderInsideIncludeGuardAndCppClasses() {
        String header = """
                #ifndef GEO_H
                #define GEO_H
                #include "util.h"

                /* Area of a circle. */
                double circle_area(double r);

                typedef struct { int x; } point_t;
                #define PI 3.14159
                #endif
                """;
        assertEquals(List.of(
                "GEO_H CONSTANT 2-2 #define GEO_H",
                "circle_area FUNCTION 5-6 double circle_area(double r);",
                "point_t TYPE 8-8 typedef struct { int x; } point_t;",
                "PI CONSTANT 9-9 #define PI 3.14159"), summary("include/geo.h", header));
        assertEquals(1, extractor.extract("include/geo.h", header).imports().size());
        String cpp = """
                namespace geo {
                class Circle : public Shape {
                 public:
                  double area() const;
                  int r() const { return r_; }
                };
                double Circle::area() const { return 0; }
                }
                """;
        assertEquals(List.of(
                "geo MODULE 1-8 namespace geo",
                "geo.Circle CLASS 2-6 class Circle : public Shape",
                "geo.Circle.area METHOD 4-4 double area() const;",
                "geo.Circle.r METHOD 5-5 int r() const",
                "geo.Circle.area METHOD 7-7 double Circle::area() const"), summary("src/geo.cpp", cpp));
    }

    @Test
    void unparseableAndUnknownFilesAreText() {
        assertEquals("text", extractor.extract("notes.txt", "def f(): pass").language());
        FileSymbols garbage = extractor.extract("broken.py", "}}} class ( ( ( \n".repeat(50));
        assertEquals("text", garbage.language());
        assertTrue(garbage.definitions().isEmpty());
        assertEquals("text", extractor.extract("empty.py", "").language());
    }
}
