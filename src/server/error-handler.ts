import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import {
  HTTP_STATUS_OF_KIND,
  inputErrorFromIssues,
  isOpfError,
  MAX_YAML_BYTES,
  OpfError,
  unlocated,
} from '../core/index.ts';

/** The one edge where business errors become HTTP answers: `{ code, message, details? }`. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const opfError = toOpfError(error, request.headers['content-type']);
    const status = HTTP_STATUS_OF_KIND[opfError.kind];
    if (status >= 500) request.log.error({ err: error }, 'unexpected error');
    return reply.status(status).send({
      code: opfError.code,
      message: opfError.message,
      ...(opfError.details && { details: opfError.details }),
    });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      code: 'OPF_ERR_ROUTE_NOT_FOUND',
      message: `no route ${request.method} ${request.url.split('?')[0]}`,
    }),
  );
}

/**
 * What the router refuses before any route runs (a path that is not valid percent-encoding
 * or UTF-8, a parameter over the router's length): the same `{ code, message }` as every
 * other answer, not Fastify's own codes. Passed as Fastify's `frameworkErrors`.
 */
export function answerFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'a path parameter is too long'
      : 'the path is not valid: percent-encoding of UTF-8 only';
  reply.status(400).send({ code: 'OPF_ERR_VALIDATION', message });
}

function toOpfError(error: FastifyError, contentType: string | undefined): OpfError {
  if (isOpfError(error)) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => ({
      ...(v.params as object),
      code: v.keyword,
      path: v.instancePath
        .split('/')
        .filter(Boolean)
        .map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
      message: v.message,
    })) as unknown as z.core.$ZodIssue[];
    return inputErrorFromIssues(issues, unlocated(undefined), error.validationContext ?? 'body');
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      // YAML has its own, smaller bound (see MAX_YAML_BYTES), as do the pages' forms.
      if (contentType?.includes('yaml'))
        return new OpfError(
          'OPF_ERR_YAML_TOO_LARGE',
          `the YAML body is over ${MAX_YAML_BYTES / 1024} KiB; a request file is far smaller`,
        );
      return new OpfError(
        'OPF_ERR_BODY_TOO_LARGE',
        'the request body is over 1 MiB (a form of opf’s pages: 4 KiB)',
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new OpfError(
        'OPF_ERR_MEDIA_TYPE',
        `unsupported content type; send application/json or application/yaml`,
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new OpfError('OPF_ERR_JSON_INVALID', 'the request body is empty; send a JSON object');
    default:
      break;
  }
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY')
    return new OpfError(
      'OPF_ERR_JSON_INVALID',
      `the request body is not valid JSON: ${error.message}`,
    );
  if (error.statusCode === 429)
    return new OpfError('OPF_ERR_RATE_LIMITED', 'too many requests; slow down');
  return new OpfError('OPF_ERR_INTERNAL', 'something went wrong inside opf; the error was logged');
}
