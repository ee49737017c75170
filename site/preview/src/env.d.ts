/// <reference types="astro/client" />
declare namespace App {
  interface Locals {
    directusUrl: string;
    directusPublicUrl: string;
    siteUrl: string;
  }
}
