import type { Client, ClientPathsWithMethod, FetchResponse, MaybeOptionalInit } from "openapi-fetch";
import type { paths } from "./generated/schema.js";

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

/** Path parameters without `project_id`, optional when nothing else is left. */
type WithoutProjectId<Path> = Omit<Path, "project_id">;
type StripParameters<P> = P extends { path: infer Path }
  ? Omit<P, "path"> & (RequiredKeys<WithoutProjectId<Path>> extends never ? { path?: WithoutProjectId<Path> } : { path: WithoutProjectId<Path> })
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
type Operation<Path extends keyof DcsPaths, M extends Method> = DcsPaths[Path][M & keyof DcsPaths[Path]] extends infer Op extends Record<
  string | number,
  unknown
>
  ? Op
  : never;

/**
 * The options of a call. Unlike openapi-fetch's own signature, which infers them from the argument
 * (and an inferred literal always fits, extra fields and all), they are the operation's exact type,
 * so a misspelt field is refused at every depth of a request body.
 */
type Init<Path extends keyof DcsPaths, M extends Method> = MaybeOptionalInit<DcsPaths[Path], M>;
type InitParam<I> = RequiredKeys<I> extends never ? [I?] : [I];
type Result<Path extends keyof DcsPaths, M extends Method> = Promise<Unmangle<FetchResponse<Operation<Path, M>, Init<Path, M>, "application/json">>>;

export type DcsMethod<M extends Method> = <Path extends ClientPathsWithMethod<BaseClient, M>>(url: Path, ...init: InitParam<Init<Path, M>>) => Result<Path, M>;

/** `client.request(method, path, init)`, typed like the method calls. */
export type DcsRequest = <M extends Method, Path extends ClientPathsWithMethod<BaseClient, M>>(
  method: M,
  url: Path,
  ...init: InitParam<Init<Path, M>>
) => Result<Path, M>;

/** The openapi-fetch client of the DCS migration API. */
export type DcsClient = Omit<BaseClient, "request" | "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE"> & {
  request: DcsRequest;
  GET: DcsMethod<"get">;
  PUT: DcsMethod<"put">;
  POST: DcsMethod<"post">;
  DELETE: DcsMethod<"delete">;
  OPTIONS: DcsMethod<"options">;
  HEAD: DcsMethod<"head">;
  PATCH: DcsMethod<"patch">;
  TRACE: DcsMethod<"trace">;
};
