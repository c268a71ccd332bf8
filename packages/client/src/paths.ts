import type { Client, ClientPathsWithMethod, FetchResponse, MaybeOptionalInit } from "openapi-fetch";
import type { paths } from "./generated/schema.js";

type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];

/** Path parameters without `project_id`, optional when nothing else is left. */
type WithoutProjectId<Path> = Omit<Path, "project_id">;
type StripParameters<P> = P extends { path: infer Path }
  ? Omit<P, "path"> &
      (RequiredKeys<WithoutProjectId<Path>> extends never ? { path?: WithoutProjectId<Path> } : { path: WithoutProjectId<Path> })
  : P;
type StripOperation<Op> = Op extends { parameters: infer P } ? Omit<Op, "parameters"> & { parameters: StripParameters<P> } : Op;

/**
 * The document's paths as callers see them: the client fills `{project_id}` from its `projectId`
 * option, so no call passes it (and the types refuse it).
 */
export type DcsPaths = {
  [Path in keyof paths]: {
    [Method in keyof paths[Path]]: Method extends "parameters" ? StripParameters<paths[Path][Method]> : StripOperation<paths[Path][Method]>;
  };
};

// openapi-fetch passes response types through Readable<>, which treats `string & {}` (our open
// enums: known values plus any string) as an object and maps it to String's methods. The client
// type below is openapi-fetch's, with that undone, so `data.status` is `MigrationStatus | (string & {})`.

type MangledString = { charAt: unknown; codePointAt: unknown; toUpperCase: unknown };
type Unmangle<T> = T extends string | number | boolean | bigint | symbol | null | undefined | Response
  ? T
  : T extends MangledString
    ? string & {}
    : T extends readonly (infer E)[]
      ? Unmangle<E>[]
      : T extends object
        ? { [K in keyof T]: Unmangle<T[K]> }
        : T;

type BaseClient = Client<DcsPaths, "application/json">;
type Method = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
type RequiredKeysOf<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
// As openapi-fetch's own (unexported) InitParam: the options argument is optional when nothing in it is required.
type InitParam<Init> = RequiredKeysOf<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];

type Operation<Path extends keyof DcsPaths, M extends Method> =
  DcsPaths[Path][M & keyof DcsPaths[Path]] extends infer Op extends Record<string | number, any> ? Op : never;

export type DcsMethod<M extends Method> = <
  Path extends ClientPathsWithMethod<BaseClient, M>,
  Init extends MaybeOptionalInit<DcsPaths[Path], M>,
>(
  url: Path,
  ...init: InitParam<Init>
) => Promise<Unmangle<FetchResponse<Operation<Path, M>, Init, "application/json">>>;

/** The openapi-fetch client of the DCS migration API. */
export type DcsClient = Omit<BaseClient, "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE"> & {
  GET: DcsMethod<"get">;
  PUT: DcsMethod<"put">;
  POST: DcsMethod<"post">;
  DELETE: DcsMethod<"delete">;
  OPTIONS: DcsMethod<"options">;
  HEAD: DcsMethod<"head">;
  PATCH: DcsMethod<"patch">;
  TRACE: DcsMethod<"trace">;
};
