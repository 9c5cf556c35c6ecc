// What reading a request file needs from core: the request schemas (zod) and the YAML parser.
// The commands that read a file load this module with import(); it is a module of its own
// because an import() of core's index would put all of core, zod and yaml included, into the
// chunk every `opf` run loads.
export {
  decodeOnboardInput,
  decodeRequestInput,
  looksLikeOpfcliOnboard,
  parseYamlInput,
} from '../core/index.ts';
