// world-atlas ships TopoJSON files without types; the console reads them as a Topology.
declare module 'world-atlas/countries-110m.json' {
  const topology: unknown;
  export default topology;
}
